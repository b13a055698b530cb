// The newest evaluation of each workflow over the default window (the last 15 minutes, aligned),
// whoever made it: the check sweep every 30 s, a viewer of the workflow page, the overview. The
// overview answers from it (lib/overview.ts) instead of evaluating every workflow cold on every
// load, and says how old it is. Only the newest per workflow is kept, so the store is bounded
// by the number of workflows ever configured, and by `maxWorkflows` beyond that.

import { contentKey } from "@/lib/config/content-key";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { Evaluation, EvaluationWindow } from "./index";

export interface LatestEvaluation {
  evaluation: Evaluation;
  window: EvaluationWindow;
}

// Declarations are compared by content (lib/config/content-key.ts): the check sweep's workflow
// objects come from another copy of the config module than the pages'.
export class LatestEvaluations {
  private readonly byWorkflow = new Map<string, LatestEvaluation & { declaration: string }>();

  constructor(
    /** Only windows of this length are kept (the default view's). */
    private readonly spanMs: number,
    private readonly maxWorkflows = 512,
  ) {}

  /** Keeps `evaluation` if it is over a default-length window ending later than the one kept. */
  offer(evaluation: Evaluation, window: EvaluationWindow): void {
    if (window.toMs - window.fromMs !== this.spanMs) return;
    const id = evaluation.workflow.id;
    const kept = this.byWorkflow.get(id);
    if (kept && kept.window.toMs > window.toMs) return;
    // Re-inserted so that the map's order is the order of last use: the first key is the stalest.
    this.byWorkflow.delete(id);
    this.byWorkflow.set(id, { evaluation, window, declaration: contentKey(evaluation.workflow) });
    for (const key of this.byWorkflow.keys()) {
      if (this.byWorkflow.size <= this.maxWorkflows) break;
      this.byWorkflow.delete(key);
    }
  }

  /**
   * The newest kept evaluation of `workflow`, if it was made from this declaration: after a
   * config edit, an evaluation of the old one says nothing about the new one.
   */
  of(workflow: WorkflowConfig): LatestEvaluation | undefined {
    const kept = this.byWorkflow.get(workflow.id);
    if (!kept) return undefined;
    if (kept.declaration !== contentKey(workflow)) {
      this.byWorkflow.delete(workflow.id); // of a declaration no longer in the config
      return undefined;
    }
    return { evaluation: kept.evaluation, window: kept.window };
  }
}

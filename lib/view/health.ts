import "server-only";
// A workflow's health as the API returns it and evidence bundles keep it: the analysis of one
// evaluation, with its checklist's next steps as links and the sources' state.
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { sourceReports } from "@/lib/analysis/analyse";
import { rateRangeOf } from "@/lib/analysis/rate-range";
import type { CheckStatus, WorkflowHealth } from "@/lib/analysis/types";
import {
  evaluateShared,
  requireWorkflow,
  type EvaluateDeps,
  type Evaluation,
  type EvaluationWindow,
} from "@/lib/evaluate";
import { sourceDisplayName } from "@/lib/sources/names";
import { checklistWithLinks } from "./deep-links";
import { parseWindow } from "./time-range";

export function presentHealth(evaluation: Evaluation, config: AsyncscopeConfig): WorkflowHealth {
  const { workflow, signals, analysis } = evaluation;
  const window = signals.window;
  return {
    workflow: { id: workflow.id, name: workflow.name },
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    status: analysis.status,
    summary: analysis.summary,
    checks: analysis.checks,
    checklist: checklistWithLinks(analysis.checklist, {
      workflow,
      config,
      window,
      rates: { stepSeconds: signals.history.stepSeconds, rateRangeSeconds: rateRangeOf(signals.history) },
    }),
    sources: sourceReports(signals).map((report) => ({ ...report, displayName: sourceDisplayName(report.name) })),
    transitions: analysis.transitions,
  };
}

/**
 * The health of workflow `id` over `window` (default: the last 15 minutes, aligned to 5 s so
 * concurrent viewers share one evaluation). Throws WorkflowNotFoundError for an unknown id.
 */
export async function workflowHealth(
  id: string,
  window?: EvaluationWindow,
  deps: EvaluateDeps = {},
): Promise<WorkflowHealth> {
  const config = deps.config ?? appConfig();
  const workflow = requireWorkflow(id, config);
  const win = window ?? parseWindow({}, (deps.now ?? Date.now)());
  return presentHealth(await evaluateShared(workflow, win, deps), config);
}

export interface WorkflowSummary {
  id: string;
  name: string;
  status: CheckStatus;
  summary: string;
}

/** Every configured workflow's verdict over the 15 minutes ending at `now` (GET /api/workflows). */
export async function workflowSummaries(now: Date = new Date(), deps: EvaluateDeps = {}): Promise<WorkflowSummary[]> {
  const config = deps.config ?? appConfig();
  const window = parseWindow({}, now.getTime());
  return Promise.all(
    config.workflows.map(async (w): Promise<WorkflowSummary> => {
      const { analysis } = await evaluateShared(w, window, deps);
      return { id: w.id, name: w.name, status: analysis.status, summary: analysis.summary };
    }),
  );
}

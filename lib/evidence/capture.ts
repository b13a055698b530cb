import "server-only";
// Capturing evidence: the live evaluation of workflows over a window, frozen into a bundle
// (lib/sources/recording/format.ts) that incidents, share links and the demo replay later.
import { appConfig } from "@/lib/config";
import { evaluate, requireWorkflow, type EvaluationWindow } from "@/lib/evaluate";
import { sourceStatuses } from "@/lib/sources/registry";
import { presentHealth } from "@/lib/view/health";
import { compactSignals } from "./compact";
import { makeBundle, type EvidenceBundle } from "@/lib/sources/recording/format";

/**
 * Freezes what the live sources say about `workflowIds` over `window` into an evidence
 * bundle. Failed sources are captured as failed (the bundle says so), never as empty data.
 */
export async function captureBundle(
  workflowIds: readonly string[],
  window: EvaluationWindow,
  label?: string,
  now: Date = new Date(),
): Promise<EvidenceBundle> {
  const config = appConfig();
  const workflows = workflowIds.map((id) => requireWorkflow(id, config));
  const [entries, sources] = await Promise.all([
    Promise.all(
      workflows.map(async (workflow) => {
        const evaluation = await evaluate(workflow, window);
        return {
          config: workflow,
          signals: compactSignals(evaluation.signals),
          health: presentHealth(evaluation, config),
        };
      }),
    ),
    sourceStatuses(),
  ]);
  return makeBundle({
    capturedAt: now,
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    ...(label ? { label } : {}),
    sources,
    workflows: entries,
  });
}

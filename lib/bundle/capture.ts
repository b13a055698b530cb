import "server-only";
import { appConfig } from "@/lib/config";
import { evaluateWithSignals, WorkflowNotFoundError } from "@/lib/evaluate";
import type { EvaluationWindow } from "@/lib/evaluate";
import { sourceStatuses } from "@/lib/sources/registry";
import { compactSignals } from "./compact";
import { makeBundle, type EvidenceBundle } from "./format";

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
  const workflows = workflowIds.map((id) => {
    const workflow = config.workflows.find((candidate) => candidate.id === id);
    if (!workflow)
      throw new WorkflowNotFoundError(
        id,
        config.workflows.map((candidate) => candidate.id),
      );
    return workflow;
  });
  const [entries, sources] = await Promise.all([
    Promise.all(
      workflows.map(async (workflow) => {
        const { signals, health } = await evaluateWithSignals(workflow, window);
        return { config: workflow, signals: compactSignals(signals), health };
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

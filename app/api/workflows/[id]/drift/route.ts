// GET /api/workflows/{id}/drift – what discovery sees that the workflow's config does not say (docs/discovery.md); information, not a check.
import { errorResponse } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { workflowDrift, type WorkflowDrift } from "@/lib/discovery/workflow-drift";
import { WorkflowNotFoundError } from "@/lib/evaluate";
import { SharedRuns } from "@/lib/evaluate/shared-runs";

// Drift reads an hour of the producer's traces and the broker's whole topology, and changes
// over hours: one read answers every viewer of a workflow for a minute (each page view asked
// for its own before). docs/discovery.md says so.
const DRIFT_KEPT_MS = 60_000;
const sharedDrift = new SharedRuns<WorkflowDrift>(DRIFT_KEPT_MS, 256);

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const config = appConfig();
    const workflow = config.workflows.find((wf) => wf.id === id);
    if (!workflow)
      throw new WorkflowNotFoundError(
        id,
        config.workflows.map((wf) => wf.id),
      );
    // Keyed by what is read too (the workflow, its broker's and Jaeger's settings): a reloaded
    // config is judged afresh.
    const key = JSON.stringify([workflow, config.sources[workflow.broker], config.sources.jaeger]);
    const drift = await sharedDrift.run(key, () => workflowDrift(config, workflow, { nowMs: Date.now() }));
    // A source that did not answer is kept for no one: the next viewer reads again.
    if (drift.notJudged || drift.gaps.length > 0) sharedDrift.forget(key);
    return Response.json(drift, {
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/drift");
  }
}

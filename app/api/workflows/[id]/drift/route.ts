// GET /api/workflows/{id}/drift – what discovery sees that the workflow's config does not say (docs/discovery.md); information, not a check.
import { errorResponse } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { workflowDrift } from "@/lib/discovery/workflow-drift";
import { WorkflowNotFoundError } from "@/lib/evaluate";

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
    return Response.json(await workflowDrift(config, workflow, { nowMs: Date.now() }), {
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/drift");
  }
}

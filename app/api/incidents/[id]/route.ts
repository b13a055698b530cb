// GET /api/incidents/{id} – one incident with its timeline · PATCH – edit it (send the version you saw; 409 if it moved on) · DELETE – remove it with its timeline.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { authorOf } from "@/lib/api/identity";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { assertKnownWorkflows } from "@/lib/incidents/known-workflows";
import { deleteIncident } from "@/lib/incidents/deletion";
import { getIncident, updateIncident } from "@/lib/incidents/repository";
import { updateIncidentBody } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ id: string }>;
}

export async function GET(_request: Request, ctx: Context): Promise<Response> {
  try {
    const { id } = await ctx.params;
    return Response.json({ incident: await getIncident(await db(), id) });
  } catch (error) {
    return errorResponse(error, "GET /api/incidents/{id}");
  }
}

export async function PATCH(request: Request, ctx: Context): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const { version, author: claimed, ...patch } = await parseJsonBody(request, updateIncidentBody);
    if (patch.workflowIds) assertKnownWorkflows(patch.workflowIds, appConfig());
    const author = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER, claimed);
    return Response.json({ incident: await updateIncident(await db(), id, version, patch, author) });
  } catch (error) {
    return errorResponse(error, "PATCH /api/incidents/{id}");
  }
}

export async function DELETE(request: Request, ctx: Context): Promise<Response> {
  try {
    const { id } = await ctx.params;
    // Signed in when a sign-in proxy is configured (401 otherwise); anonymous in local use.
    const deletedBy = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER);
    const deleted = await deleteIncident(await db(), id);
    console.info(
      `[incidents] incident ${id} deleted by ${deletedBy ?? "anonymous"} with its timeline and ${deleted.deletedSnapshotIds.length} snapshot(s); kept (opened by share links): ${deleted.keptSnapshotIds.join(", ") || "none"}`,
    );
    return Response.json({ deleted });
  } catch (error) {
    return errorResponse(error, "DELETE /api/incidents/{id}");
  }
}

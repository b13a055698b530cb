// POST /api/incidents/{id}/pins – pin a chart, trace, checklist step or the whole view of a workflow window to the incident (captures a snapshot).
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { parseWindow } from "@/lib/view/time-range";
import { authorOf } from "@/lib/api/identity";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { pinEvidence } from "@/lib/incidents/pin";
import { assertSnapshotQuota } from "@/lib/incidents/snapshot-quota";
import { pinBody } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const body = await parseJsonBody(request, pinBody);
    const author = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER, body.author);
    const window = parseWindow({ from: body.from, to: body.to }, Date.now());
    const database = await db();
    const quotaPerHour = appEnv().ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR;
    await assertSnapshotQuota(database, quotaPerHour); // before the capture; checked again when stored
    const pinned = await pinEvidence(database, id, {
      quotaPerHour,
      workflowId: body.workflowId,
      window,
      item: body.item,
      ...(body.note ? { note: body.note } : {}),
      ...(author ? { author } : {}),
    });
    return Response.json(pinned, { status: 201 });
  } catch (error) {
    return errorResponse(error, "POST /api/incidents/{id}/pins");
  }
}

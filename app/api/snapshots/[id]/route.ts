// DELETE /api/snapshots/{id} – remove a snapshot and the share links that open it; recorded on the timeline of each incident it is pinned to.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { authorOf } from "@/lib/api/identity";
import { errorResponse } from "@/lib/api/respond";
import { deleteSnapshot } from "@/lib/incidents/deletion";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    // Signed in when a sign-in proxy is configured (401 otherwise); anonymous in local use.
    const deletedBy = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER);
    const deleted = await deleteSnapshot(await db(), id, deletedBy);
    console.info(
      `[snapshots] snapshot ${id} deleted by ${deletedBy ?? "anonymous"}; share links removed with it: ${deleted.deletedShareLinks.join(", ") || "none"}`,
    );
    return Response.json({ deleted });
  } catch (error) {
    return errorResponse(error, "DELETE /api/snapshots/{id}");
  }
}

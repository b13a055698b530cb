// DELETE /api/share-links/{slug} – remove a share link (and its snapshot when nothing else refers to it); recorded on the timeline of an incident the snapshot is pinned to.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { authorOf } from "@/lib/api/identity";
import { errorResponse } from "@/lib/api/respond";
import { deleteShareLink } from "@/lib/incidents/deletion";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, ctx: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const { slug } = await ctx.params;
    // Signed in when a sign-in proxy is configured (401 otherwise); anonymous in local use.
    const deletedBy = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER);
    const deleted = await deleteShareLink(await db(), slug, deletedBy);
    console.info(
      `[share-links] /s/${slug} deleted by ${deletedBy ?? "anonymous"}${deleted.deletedSnapshotId ? ` with its snapshot ${deleted.deletedSnapshotId}` : ""}`,
    );
    return Response.json({ deleted });
  } catch (error) {
    return errorResponse(error, "DELETE /api/share-links/{slug}");
  }
}

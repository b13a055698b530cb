import { loadSnapshot } from "@/lib/evidence/load-snapshot";
import { db } from "@/lib/db/client";
import { shareLinkDestination } from "@/lib/incidents/app-path";
import { NotFoundError } from "@/lib/incidents/errors";
import { getShareLink } from "@/lib/incidents/repository";
import { workflowPreview } from "@/lib/og/health-card";
import { PREVIEW_SIZE, previewImage } from "@/lib/og/preview-card";
import { formatTimestamp } from "@/lib/view/time-zone";

export const alt = "Shared view: workflow, verdict, key numbers and window";
export const size = PREVIEW_SIZE;
export const contentType = "image/png";

export default async function Image({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  try {
    const link = await getShareLink(await db(), slug);
    const windowText = `${formatTimestamp(link.windowFrom.getTime(), "utc")} → ${formatTimestamp(link.windowTo.getTime(), "utc")}`;
    const destination = shareLinkDestination(link);
    // A refused target is not echoed into the preview: it is not a page of this app.
    if (destination.kind === "refused")
      return previewImage({
        kicker: "Shared view",
        title: "This link cannot be opened",
        verdict: "unknown",
        numbers: [],
        window: windowText,
      });
    const entry =
      destination.kind === "snapshot" ? (await loadSnapshot(destination.snapshotId)).bundle.workflows[0] : undefined;
    if (!entry)
      return previewImage({
        kicker: "Shared view",
        title: link.targetPath.split("?")[0] ?? link.targetPath,
        verdict: "unknown",
        numbers: [],
        window: windowText,
      });
    return previewImage(workflowPreview(entry, "Shared view", windowText));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return previewImage({
      kicker: "Shared view",
      title: "Link not found",
      verdict: "unknown",
      numbers: [],
      window: slug,
    });
  }
}

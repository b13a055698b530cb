import { loadSnapshot } from "@/lib/evidence/load-snapshot";
import { NotFoundError } from "@/lib/incidents/errors";
import { workflowPreview } from "@/lib/og/health-card";
import { PREVIEW_SIZE, previewImage } from "@/lib/og/preview-card";
import { formatTimestamp } from "@/lib/view/time-zone";

export const alt = "Snapshot summary: workflow, verdict, key numbers and window";
export const size = PREVIEW_SIZE;
export const contentType = "image/png";

export default async function Image({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const snapshot = await loadSnapshot(id);
    const entry = snapshot.bundle.workflows[0];
    if (!entry) throw new NotFoundError("snapshot workflow", id);
    return previewImage(
      workflowPreview(
        entry,
        "Snapshot",
        `${formatTimestamp(snapshot.windowFrom.getTime(), "utc")} → ${formatTimestamp(snapshot.windowTo.getTime(), "utc")}`,
      ),
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return previewImage({
      kicker: "Snapshot",
      title: "Snapshot not found",
      verdict: "unknown",
      numbers: [],
      window: id,
    });
  }
}

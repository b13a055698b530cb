import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/incidents/errors";
import { getIncident } from "@/lib/incidents/repository";
import { PREVIEW_SIZE, previewImage } from "@/lib/og/preview-card";
import { formatTimestamp } from "@/lib/view/time-zone";

export const alt = "Incident summary: title, status, duration and window";
export const size = PREVIEW_SIZE;
export const contentType = "image/png";

export default async function Image({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const incident = await getIncident(await db(), id);
    const end = incident.resolvedAt ?? new Date();
    const minutes = Math.round((end.getTime() - incident.startedAt.getTime()) / 60_000);
    return previewImage({
      kicker: `${incident.severity.toUpperCase()} incident`,
      title: incident.title,
      verdict: incident.status,
      numbers: [
        { label: incident.resolvedAt ? "minutes of impact" : "minutes so far", value: String(minutes) },
        { label: "timeline events", value: String(incident.events.length) },
        { label: "workflows", value: incident.workflowIds.join(", ") },
      ],
      window: `${formatTimestamp(incident.startedAt.getTime(), "utc")} → ${incident.resolvedAt ? formatTimestamp(incident.resolvedAt.getTime(), "utc") : "ongoing"}`,
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return previewImage({
      kicker: "Incident",
      title: "Incident not found",
      verdict: "unknown",
      numbers: [],
      window: id,
    });
  }
}

import { formatTimestamp } from "@/lib/view/time-zone";

/** Says plainly that this is frozen evidence, when it was taken and over which window. */
export function SnapshotBanner({
  takenAt,
  windowFrom,
  windowTo,
  label,
}: {
  takenAt: Date;
  windowFrom: Date;
  windowTo: Date;
  label?: string;
}) {
  return (
    <div role="note" className="rounded-lg border border-violet-400/50 bg-violet-500/10 p-3 text-sm">
      <strong>Snapshot</strong> taken {formatTimestamp(takenAt.getTime(), "utc")}, showing{" "}
      {formatTimestamp(windowFrom.getTime(), "utc")} → {formatTimestamp(windowTo.getTime(), "utc")}
      {label ? ` (${label})` : ""}. This is the evidence as it was then; it does not change when the live data does.
    </div>
  );
}

import { Time } from "@/components/ui/time";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

/** Says plainly that this is frozen evidence, when it was taken and over which window. */
export function SnapshotBanner({
  takenAt,
  windowFrom,
  windowTo,
  label,
  zone,
}: {
  takenAt: Date;
  windowFrom: Date;
  windowTo: Date;
  label?: string;
  /** The viewer's UTC/Local choice, as on every other time of the page. */
  zone: TimeZoneChoice;
}) {
  return (
    <div role="note" className="rounded-lg border border-violet-400/50 bg-violet-500/10 p-3 text-sm">
      <strong>Snapshot</strong> taken <Time ms={takenAt.getTime()} zone={zone} />, showing{" "}
      <Time ms={windowFrom.getTime()} zone={zone} /> → <Time ms={windowTo.getTime()} zone={zone} />
      {label ? ` (${label})` : ""}. This is the evidence as it was then; it does not change when the live data does.
    </div>
  );
}

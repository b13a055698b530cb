import { Time } from "@/components/ui/time";
import { formatDuration } from "@/lib/analysis/status";
import type { Elapsed, ResponseTimes as Times } from "@/lib/incidents/response-times";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

function Figure({
  label,
  elapsed,
  zone,
  testId,
}: {
  label: string;
  elapsed: Elapsed;
  zone: TimeZoneChoice;
  testId: string;
}) {
  return (
    <span data-testid={testId}>
      <span className="text-muted">{label} </span>
      {elapsed.ok ? (
        <>
          <span className="font-semibold tabular-nums">{formatDuration(elapsed.ms)}</span>
          <span className="text-muted">
            {" "}
            (at <Time ms={elapsed.atMs} zone={zone} />, from {elapsed.since})
          </span>
        </>
      ) : (
        <span className="italic text-status-unknown">not known: {elapsed.reason}</span>
      )}
    </span>
  );
}

/** Time to detect and time to resolve, as read off the timeline (definitions in docs/incidents.md). */
export function ResponseTimes({ times, zone }: { times: Times; zone: TimeZoneChoice }) {
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Response times">
      <Figure label="Time to detect" elapsed={times.detect} zone={zone} testId="time-to-detect" />
      <Figure label="Time to resolve" elapsed={times.resolve} zone={zone} testId="time-to-resolve" />
    </p>
  );
}

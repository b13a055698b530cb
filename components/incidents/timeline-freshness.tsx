import { Time } from "@/components/ui/time";
import { TimedText } from "@/components/ui/timed-text";
import type { DerivationState } from "@/lib/incidents/derivation-state";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

/**
 * How fresh the timeline shown is: the page shows what is stored and derives in the
 * background (lib/incidents/background-derive.ts), so it says when the timeline was derived,
 * whether a refresh was asked for, what the last derivation could not derive and whether it failed.
 */
export function TimelineFreshness({
  state,
  refreshing,
  zone,
}: {
  state: DerivationState | undefined;
  refreshing: boolean;
  zone: TimeZoneChoice;
}) {
  const again = refreshing ? "; deriving it again in the background" : "";
  return (
    <>
      <p className="text-xs text-muted" data-testid="timeline-freshness">
        {state?.derivedAt ? (
          <>
            Timeline derived from the workflows&apos; checks up to <Time ms={state.derivedAt.getTime()} zone={zone} />
            {again}
          </>
        ) : (
          `The timeline has not been derived from the workflows' checks yet${again}`
        )}
        .
      </p>
      {state?.failure ? (
        <div role="status" className="rounded-lg border border-status-critical/40 bg-status-critical/10 p-3 text-sm">
          The last derivation, started <Time ms={state.attemptedAt.getTime()} zone={zone} />, failed:{" "}
          <TimedText text={state.failure} zone={zone} />
        </div>
      ) : null}
      {state && state.problems.length > 0 ? (
        <div role="status" className="rounded-lg border border-status-warning/40 bg-status-warning/10 p-3 text-sm">
          <p className="font-medium">The timeline may be incomplete:</p>
          <ul className="list-disc pl-5">
            {state.problems.map((problem) => (
              <li key={problem}>
                <TimedText text={problem} zone={zone} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

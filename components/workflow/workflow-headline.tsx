import { StatusBadge } from "@/components/ui/status-badge";
import { TimedText } from "@/components/ui/timed-text";
import { headlineOf } from "@/lib/view/headline";
import type { WorkflowHealth } from "@/lib/analysis/types";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

/**
 * The verdict in one line above the toolbar, so a phone shows it on the first screen; the
 * verdict box below holds the whole of it.
 */
export function WorkflowHeadline({
  health,
  zone,
  stale,
}: {
  health: WorkflowHealth;
  zone: TimeZoneChoice;
  stale: boolean;
}) {
  const headline = headlineOf(health, stale);
  return (
    // On a phone the badge sits above the text: beside it, two clamped lines of ~25 characters
    // cut the queue or consumer name the headline is there to give.
    <p data-testid="headline" className="flex flex-col items-start gap-1 text-sm sm:flex-row sm:gap-2">
      <span className="shrink-0 whitespace-nowrap">
        <StatusBadge status={headline.status} label={headline.words} />
      </span>
      <a href="#verdict-title" className="line-clamp-2 min-w-0 [overflow-wrap:anywhere] hover:underline">
        <TimedText text={headline.lead} zone={zone} />
        {headline.more > 0 ? (
          <span className="text-muted">
            {" "}
            (+{headline.more} more check{headline.more === 1 ? "" : "s"} failing)
          </span>
        ) : null}
      </a>
    </p>
  );
}

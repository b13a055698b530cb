import type { CheckStatus, Transition } from "@/lib/analysis/types";
import type { NewTimelineEvent } from "./repository";

// Turns the status transitions an evaluation found (per check and for the verdict) into
// timeline events for an incident. Pure: the caller evaluates the window and stores the
// result; the dedupe key makes re-deriving the same window a no-op.

/** Shown as the author of events Asyncscope derived from the checks. */
export const DERIVED_AUTHOR = "Asyncscope";

const BAD: ReadonlySet<CheckStatus> = new Set(["warning", "critical"]);

export function deriveTimelineEvents(workflowId: string, transitions: readonly Transition[]): NewTimelineEvent[] {
  const alreadyBad = new Set<string>();
  return [...transitions]
    .sort((a, b) => a.atMs - b.atMs)
    .map((transition) => {
      const subject = transition.checkId === "verdict" ? `${workflowId} verdict` : transition.checkId;
      // The first time a check goes bad is when it was detected; later moves are changes.
      const firstBad = BAD.has(transition.to) && !alreadyBad.has(transition.checkId);
      if (BAD.has(transition.to)) alreadyBad.add(transition.checkId);
      const recovered = transition.to === "ok" && BAD.has(transition.from);
      const verb = firstBad ? "went" : recovered ? "recovered to" : "changed to";
      return {
        at: new Date(transition.atMs),
        kind: firstBad ? ("detected" as const) : ("status_change" as const),
        body: `${subject} ${verb} ${transition.to} (was ${transition.from}): ${transition.summary}`,
        workflowId,
        author: DERIVED_AUTHOR,
        ...(transition.checkId === "verdict" ? {} : { checkId: transition.checkId }),
        dedupeKey: `${workflowId}/${transition.checkId}/${transition.atMs}/${transition.to}`,
      };
    });
}

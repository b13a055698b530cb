import type { CheckStatus, Transition } from "@/lib/analysis/types";
import type { NewTimelineEvent } from "./repository";

// Turns the status transitions an evaluation found (per check and for the verdict) into
// timeline events for an incident, and decides which of them are new. Pure: the caller
// evaluates the window and stores the result.
//
// An ongoing incident is derived again on every page load, over a window that ends at a
// later "now" each time. To find the same transition at the same time every time, the
// window is judged on an epoch-aligned grid (timelineGridMs), and an event is keyed by
// what changed and the grid instant that first saw it:
//
//   checkout/consumers-alive/ok>critical/1795442700000/60000
//   workflow / check        / from>to   / bucket (ms) / grid step (ms)
//
// The bucket is the transition's time rounded UP to the grid: a change at 14:04:30 is first
// seen by the 14:05 instant, and a change seen at the present instant (say 14:09:17) gets the
// bucket of the grid instant that will see it once it is history (14:10). The unique
// (incident, dedupe_key) index then keeps re-derivations from storing it again.
//
// Keys alone are not enough: the step grows with the incident (1 min, 5 min, 10 min, …), and
// a few checks can only be judged at the present instant. So `unrecordedEvents` also skips an
// event when the timeline already records the check in that status at that time.

/** Shown as the author of events Asyncscope derived from the checks. */
export const DERIVED_AUTHOR = "Asyncscope";

const BAD: ReadonlySet<CheckStatus> = new Set(["warning", "critical"]);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Grid steps; each divides the next, so a coarser grid's instants are also on every finer grid. */
export const TIMELINE_GRID_STEPS_MS = [
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
] as const;
/** At most this many grid steps over the incident (cost grows with every instant judged). */
export const TIMELINE_MAX_STEPS = 24;

/** The grid step for an incident window of `spanMs`: the finest that gives at most 24 steps. */
export function timelineGridMs(spanMs: number): number {
  const wanted = spanMs / TIMELINE_MAX_STEPS;
  // Past the ladder (longer than the 7-day window cap allows): whole days.
  return TIMELINE_GRID_STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / (24 * HOUR)) * 24 * HOUR;
}

export interface DerivedKey {
  workflowId: string;
  /** A check id, or "verdict". */
  checkId: string;
  /** The status before; undefined for keys written before statuses were keyed. */
  from: string | undefined;
  to: string;
  /** The grid instant that first saw the change: it happened in (bucketMs − gridMs, bucketMs]. */
  bucketMs: number;
  gridMs: number;
}

export function derivedKey(key: DerivedKey): string {
  return `${key.workflowId}/${key.checkId}/${key.from ?? "unknown"}>${key.to}/${key.bucketMs}/${key.gridMs}`;
}

/**
 * Reads a stored dedupe key. Also reads the keys of earlier versions
 * (`workflow/check/atMs/to`, judged at one exact instant), so their events keep counting
 * after an upgrade; undefined for anything else.
 */
export function parseDerivedKey(text: string): DerivedKey | undefined {
  const parts = text.split("/");
  const current = /^([a-z]+)>([a-z]+)$/.exec(parts[2] ?? "");
  if (parts.length === 5 && current && /^\d+$/.test(parts[3]!) && /^\d+$/.test(parts[4]!)) {
    return {
      workflowId: parts[0]!,
      checkId: parts[1]!,
      from: current[1]!,
      to: current[2]!,
      bucketMs: Number(parts[3]),
      gridMs: Number(parts[4]),
    };
  }
  if (parts.length === 4 && /^\d+$/.test(parts[2]!) && /^[a-z]+$/.test(parts[3]!)) {
    return {
      workflowId: parts[0]!,
      checkId: parts[1]!,
      from: undefined,
      to: parts[3]!,
      bucketMs: Number(parts[2]),
      gridMs: 0,
    };
  }
  return undefined;
}

/** The transition's time rounded up to the grid (see the top of this file). */
export function bucketOf(atMs: number, gridMs: number): number {
  return Math.ceil(atMs / gridMs) * gridMs;
}

/**
 * Timeline events for `transitions`, judged on a grid of `gridMs` (the step the evaluation
 * used; see lib/analysis transitionInstants). Without one, each instant is taken as exact
 * (a 1 ms grid): right for a fixed window, such as a recording's.
 */
export function deriveTimelineEvents(
  workflowId: string,
  transitions: readonly Transition[],
  gridMs = 1,
): NewTimelineEvent[] {
  if (!(gridMs > 0)) throw new RangeError(`grid step must be positive, got ${gridMs}`);
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
        // "(was unknown)" for a check not judged before would contradict the verdict's "(was ok)".
        body: `${subject} ${verb} ${transition.to} (${transition.firstJudged ? "first judged then" : `was ${transition.from}`}): ${transition.summary}`,
        workflowId,
        author: DERIVED_AUTHOR,
        ...(transition.checkId === "verdict" ? {} : { checkId: transition.checkId }),
        dedupeKey: derivedKey({
          workflowId,
          checkId: transition.checkId,
          from: transition.from,
          to: transition.to,
          bucketMs: bucketOf(transition.atMs, gridMs),
          gridMs,
        }),
      };
    });
}

interface Recorded {
  /** The change happened after this instant… */
  afterMs: number;
  /** …and was seen by this one. */
  seenMs: number;
  to: string;
}

/** Whether the recorded changes of one check already show it in status `to` while `key`'s change may have happened. */
function alreadyShown(changes: readonly Recorded[], key: DerivedKey): boolean {
  const intervalStartMs = key.bucketMs - key.gridMs;
  // The status the check was recorded in when the candidate's interval began…
  const settled = changes
    .filter((change) => change.seenMs <= intervalStartMs)
    .reduce<Recorded | undefined>(
      (latest, change) => (!latest || change.seenMs >= latest.seenMs ? change : latest),
      undefined,
    );
  if (settled?.to === key.to) return true;
  // …or any recorded change that may have happened inside it.
  return changes.some(
    (change) => change.afterMs < key.bucketMs && change.seenMs > intervalStartMs && change.to === key.to,
  );
}

/**
 * The candidates the timeline does not record yet, in time order. A derived change to status
 * S, seen by the grid instant `bucket` (so it happened in (bucket − grid, bucket]), is
 * already recorded when the timeline shows that check of that workflow in S at some moment
 * of that interval: in S when the interval began, or changing to S inside it. That covers
 * the same change found again on another grid (another bucket, and with a coarser step a
 * slightly different judgement of the same story), and a status seen again and again at the
 * present instant. A check that recovers and breaks again is recorded each time, since the
 * recovery (a candidate too, earlier in time) is recorded first. Candidates whose keys have
 * another shape are kept: the unique index alone deduplicates those.
 */
export function unrecordedEvents(
  recordedKeys: readonly string[],
  candidates: readonly NewTimelineEvent[],
): NewTimelineEvent[] {
  const history = new Map<string, Recorded[]>();
  const subjectOf = (key: DerivedKey) => `${key.workflowId}/${key.checkId}`;
  const remember = (key: DerivedKey) => {
    const list = history.get(subjectOf(key)) ?? [];
    list.push({ afterMs: key.bucketMs - key.gridMs, seenMs: key.bucketMs, to: key.to });
    history.set(subjectOf(key), list);
  };
  const exact = new Set(recordedKeys);
  for (const text of recordedKeys) {
    const key = parseDerivedKey(text);
    if (key) remember(key);
  }
  const parsed = candidates.map((event) => ({
    event,
    key: event.dedupeKey ? parseDerivedKey(event.dedupeKey) : undefined,
  }));
  parsed.sort((a, b) => (a.key?.bucketMs ?? a.event.at.getTime()) - (b.key?.bucketMs ?? b.event.at.getTime()));
  const fresh: NewTimelineEvent[] = [];
  for (const { event, key } of parsed) {
    if (event.dedupeKey && exact.has(event.dedupeKey)) continue;
    if (key) {
      if (alreadyShown(history.get(subjectOf(key)) ?? [], key)) continue;
      remember(key);
    }
    if (event.dedupeKey) exact.add(event.dedupeKey);
    fresh.push(event);
  }
  return fresh;
}

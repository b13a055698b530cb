// When the workflow page polls next. Every viewer polls on the same wall-clock grid (each
// REFRESH period, a little after the boundary) instead of REFRESH after its own page load: the
// server aligns "now" to 5 s and shares one settled evaluation per window (lib/evaluate/
// shared-runs.ts), so viewers on one grid cost one evaluation per period, not one per 5-s slot
// that some viewer happens to poll in. Pure, for the client and its tests.

/** How often the workflow page refreshes its data. */
export const REFRESH_SECONDS = 15;

/**
 * Polls come at least this long after each boundary: the server starts the period's evaluation at
 * the boundary (lib/view/poll-warmup.ts), so a poll finds it under way or done.
 */
export const POLL_OFFSET_MS = 1_000;
/**
 * Each poll comes a random moment within this much more, so that 200 viewers do not all arrive in
 * one instant. Offset and spread stay within the boundary's 5-s slot (ALIGN_MS in
 * lib/view/time-range.ts), whose evaluation every poll of the period shares.
 */
export const POLL_SPREAD_MS = 2_500;

/** How far past the boundary the next poll comes; `random` in [0, 1). */
export function pollOffsetMs(random: number = Math.random()): number {
  return POLL_OFFSET_MS + random * POLL_SPREAD_MS;
}

/**
 * Milliseconds from `nowMs` until the next poll: `offsetMs` past a multiple of `periodMs`.
 * `dataAtMs` is when the data on screen was made: data older than half a period (a first render
 * from the latest evaluation, lib/evaluate/reuse.ts) is refreshed at the next grid instant.
 */
export function msUntilNextPoll(nowMs: number, periodMs: number, offsetMs: number, dataAtMs = nowMs): number {
  const wait = periodMs - msPastGridInstant(nowMs, periodMs, offsetMs);
  // Never poll again within half a period of fresh data (a poll just made by hand, or a page
  // opened just before a boundary): skip to the boundary after.
  return wait < periodMs / 2 && nowMs - dataAtMs < periodMs / 2 ? wait + periodMs : wait;
}

/**
 * How long ago the last grid instant (`offsetMs` past a multiple of `periodMs`) was, in
 * [0, periodMs): the one grid the browser's polls and the server's warm-up
 * (lib/view/poll-warmup.ts) are both placed on.
 */
export function msPastGridInstant(nowMs: number, periodMs: number, offsetMs = 0): number {
  return (((nowMs - offsetMs) % periodMs) + periodMs) % periodMs;
}

// Which "now" the data API answers a poll for. The server aligns now to 5 s, and every poll of a
// period shares the evaluation of the boundary's slot (lib/view/poll-warmup.ts). A poll that
// waited in the server's queue past that slot would otherwise ask for the next slot's window and
// start a second evaluation of the period: under load, exactly when the server can least afford
// it (docs/scale.md measured 2 evaluations per period, 1.88× one viewer's upstream queries). So
// the page sends the moment it polled for (`at`, its own aligned now), and the server answers for
// it when it is at most one refresh period behind its own aligned now, never ahead of it.
import { REFRESH_SECONDS } from "./refresh-grid";
import { alignedNow } from "./time-range";

const PERIOD_MS = REFRESH_SECONDS * 1000;

export type PollMoment =
  | {
      ok: true;
      /** The aligned "now" the window ends at. */
      nowMs: number;
      /** Earlier than the server's aligned now: the poll was sent in an earlier slot. */
      late: boolean;
    }
  | { ok: false; problem: { parameter: "at"; message: string } };

/** The moment to answer for: `at` (epoch ms, from the query) when acceptable, else the server's aligned now. */
export function pollMoment(at: string | null, serverNowMs: number): PollMoment {
  const serverAligned = alignedNow(serverNowMs);
  if (at === null) return { ok: true, nowMs: serverAligned, late: false };
  if (!/^\d{1,15}$/.test(at))
    return {
      ok: false,
      problem: { parameter: "at", message: `at: expected the poll's moment in epoch milliseconds, got "${at}"` },
    };
  const asked = alignedNow(Number(at));
  // Ahead of the server (the browser's clock is fast), or older than a period (a clock far behind,
  // a tab asleep): the server's own now, as for a poll without `at`.
  if (asked > serverAligned || serverAligned - asked > PERIOD_MS)
    return { ok: true, nowMs: serverAligned, late: false };
  return { ok: true, nowMs: asked, late: asked < serverAligned };
}

// Which "now" the data API answers a poll for. The server aligns now to 5 s, and every poll of a
// period shares the evaluation of the boundary's slot (lib/view/poll-warmup.ts). A poll that
// waited in the server's queue past that slot would otherwise ask for the next slot's window and
// start a second evaluation of the period: under load, exactly when the server can least afford
// it (docs/scale.md measured 2 evaluations per period, 1.88× one viewer's upstream queries). So
// the page sends the moment it polled for (`at`, its clock when it sent the poll), and the server
// answers for that moment's slot when it is at most one refresh period behind its own clock, never
// ahead of it: the page's reuse bound (lib/evaluate/reuse.ts), so a late poll's slot can still be
// answered by the evaluation made for it (lib/view/workflow-view.ts latePollView).
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
      /** The server's aligned now, which a late poll falls back to. */
      serverAlignedMs: number;
    }
  | { ok: false; problem: { parameter: "at"; message: string } };

/** The moment to answer for: `at` (epoch ms, from the query) when acceptable, else the server's aligned now. */
export function pollMoment(at: string | null, serverNowMs: number): PollMoment {
  const serverAligned = alignedNow(serverNowMs);
  const own = { ok: true, nowMs: serverAligned, late: false, serverAlignedMs: serverAligned } as const;
  if (at === null) return own;
  if (!/^\d{1,15}$/.test(at))
    return {
      ok: false,
      problem: { parameter: "at", message: `at: expected the poll's moment in epoch milliseconds, got "${at}"` },
    };
  const asked = alignedNow(Number(at));
  // Ahead of the server (the browser's clock is fast), or more than a period behind its clock (a
  // clock far behind, a tab asleep, a long queue): the server's own now, as for a poll without `at`.
  if (asked > serverAligned || serverNowMs - asked > PERIOD_MS) return own;
  return { ok: true, nowMs: asked, late: asked < serverAligned, serverAlignedMs: serverAligned };
}

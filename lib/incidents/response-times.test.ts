// Time to detect and to resolve read off a timeline. An ASCII timeline per case:
//
//   10:00 start   10:02 verdict → warning   10:04 consumers-alive → critical   10:09 verdict → ok
//   detect = 4m 00s (first critical − start); resolve = 9m 00s (verdict back to ok for good − start)
import { describe, expect, it } from "vitest";
import { derivedKey } from "./timeline";
import { derivedChange, responseTimes, type TimelineEventLike } from "./response-times";

const T0 = Date.parse("2026-11-29T10:00:00Z");
const min = (n: number) => new Date(T0 + n * 60_000);

function change(at: Date, checkId: string, from: string, to: string, workflowId = "checkout"): TimelineEventLike {
  return {
    at,
    kind: to === "ok" ? "status_change" : "detected",
    workflowId,
    dedupeKey: derivedKey({ workflowId, checkId, from, to, bucketMs: at.getTime(), gridMs: 1 }),
  };
}
const incident = (workflowIds = ["checkout"]) => ({ startedAt: min(0), resolvedAt: min(12), workflowIds });

describe("responseTimes", () => {
  it("detect is the first critical transition, resolve the verdict back to ok for good", () => {
    const times = responseTimes(incident(), [
      change(min(2), "verdict", "ok", "warning"),
      change(min(4), "consumers-alive", "ok", "critical"),
      change(min(4), "verdict", "warning", "critical"),
      change(min(6), "verdict", "critical", "ok"),
      change(min(7), "verdict", "ok", "critical"),
      change(min(9), "verdict", "critical", "ok"),
      { at: min(10), kind: "note", workflowId: null, dedupeKey: null },
    ]);
    expect(times.detect).toEqual({ ok: true, ms: 4 * 60_000, atMs: min(4).getTime(), since: "the incident's start" });
    // 10:06 was a false dawn: the verdict broke again at 10:07.
    expect(times.resolve).toEqual({ ok: true, ms: 9 * 60_000, atMs: min(9).getTime(), since: "the incident's start" });
  });

  it("an alert before the incident was opened is the first signal both are measured from", () => {
    const times = responseTimes(incident(), [
      { at: min(-3), kind: "alert", workflowId: "checkout", dedupeKey: null },
      change(min(1), "verdict", "ok", "critical"),
      change(min(5), "verdict", "critical", "ok"),
    ]);
    expect(times.startIs).toBe("the first signal");
    expect(times.detect).toMatchObject({ ok: true, ms: 4 * 60_000 });
    expect(times.resolve).toMatchObject({ ok: true, ms: 8 * 60_000 });
  });

  it("says why when there is nothing to measure, and never falls back to the hand-set resolvedAt", () => {
    const times = responseTimes(incident(["checkout", "billing"]), [
      change(min(2), "verdict", "ok", "warning"),
      change(min(3), "verdict", "warning", "ok"),
      change(min(2), "verdict", "ok", "unknown", "billing"),
    ]);
    expect(times.detect).toEqual({ ok: false, reason: "no check went critical on the timeline" });
    expect(times.resolve).toEqual({
      ok: false,
      reason:
        "the incident is marked resolved, but billing's verdict is not back to ok on the timeline; the time to resolve is read off the verdict, not the status",
    });
    // Still open: the reason alone.
    const open = responseTimes({ ...incident(["checkout", "billing"]), resolvedAt: null }, [
      change(min(2), "verdict", "ok", "unknown", "billing"),
    ]);
    expect(open.resolve).toEqual({
      ok: false,
      reason: "checkout's verdict never went bad; billing's verdict is not back to ok on the timeline",
    });
    // Marked resolved with no verdict that went bad: nothing to contrast the status with.
    expect(responseTimes(incident(["checkout"]), []).resolve).toEqual({
      ok: false,
      reason: "checkout's verdict never went bad on the timeline",
    });
  });

  it("reads the status a derived event went to from its key, and nothing from other events", () => {
    expect(derivedChange(change(min(1), "backlog", "ok", "warning"))).toEqual({
      checkId: "backlog",
      from: "ok",
      to: "warning",
    });
    expect(derivedChange({ dedupeKey: null })).toBeUndefined();
    expect(derivedChange({ dedupeKey: "alertmanager/abc" })).toBeUndefined();
  });
});

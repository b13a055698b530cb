import { describe, expect, it } from "vitest";
import type { Transition } from "@/lib/analysis/types";
import type { NewTimelineEvent } from "./repository";
import {
  bucketOf,
  deriveTimelineEvents,
  derivedKey,
  parseDerivedKey,
  timelineGridMs,
  unrecordedEvents,
} from "./timeline";

const T0 = Date.parse("2026-11-23T14:03:00Z");
const MIN = 60_000;

// The stuck-queue story as transitions:
//   14:03 consumers-alive ok → critical   (crash loop starts)
//   14:05 backlog ok → warning            (depth grows)
//   14:08 backlog warning → critical
//   14:45 consumers-alive critical → ok   (config fixed)
const transitions: Transition[] = [
  {
    checkId: "backlog",
    atMs: T0 + 2 * MIN,
    from: "ok",
    to: "warning",
    summary: "order_confirmed.notification: 240 ready, growing",
  },
  {
    checkId: "consumers-alive",
    atMs: T0,
    from: "ok",
    to: "critical",
    summary: "no consumer on order_confirmed.notification",
  },
  { checkId: "backlog", atMs: T0 + 5 * MIN, from: "warning", to: "critical", summary: "1,200 ready" },
  { checkId: "consumers-alive", atMs: T0 + 42 * MIN, from: "critical", to: "ok", summary: "1 consumer" },
];

describe("deriveTimelineEvents", () => {
  it("orders events, marks first detection per check and recoveries", () => {
    const events = deriveTimelineEvents("checkout", transitions, MIN);
    expect(events.map((event) => [event.at.toISOString().slice(11, 16), event.kind, event.body.split(":")[0]])).toEqual(
      [
        ["14:03", "detected", "consumers-alive went critical (was ok)"],
        ["14:05", "detected", "backlog went warning (was ok)"],
        ["14:08", "status_change", "backlog changed to critical (was warning)"],
        ["14:45", "status_change", "consumers-alive recovered to ok (was critical)"],
      ],
    );
    expect(new Set(events.map((event) => event.dedupeKey)).size).toBe(4);
    expect(events[0]).toMatchObject({
      checkId: "consumers-alive",
      workflowId: "checkout",
      dedupeKey: `checkout/consumers-alive/ok>critical/${T0}/60000`,
    });
  });

  it("keys a change by the grid instant that first sees it, not by when it was looked at", () => {
    // Seen at the present instant of two page loads 15 s apart: 14:09:17 and 14:09:32.
    const seen = (atMs: number) =>
      deriveTimelineEvents(
        "checkout",
        [{ checkId: "backlog", atMs, from: "ok", to: "warning", summary: "growing" }],
        MIN,
      )[0]!.dedupeKey;
    expect(seen(T0 + 6 * MIN + 17_000)).toBe(seen(T0 + 6 * MIN + 32_000));
    // …and the same key once the 14:10 grid instant sees it as history.
    expect(seen(T0 + 7 * MIN)).toBe(seen(T0 + 6 * MIN + 17_000));
  });

  it("takes instants as exact without a grid (a fixed window)", () => {
    expect(deriveTimelineEvents("checkout", transitions)[0]?.dedupeKey).toBe(
      `checkout/consumers-alive/ok>critical/${T0}/1`,
    );
  });

  it("names the workflow for verdict transitions", () => {
    const [event] = deriveTimelineEvents(
      "checkout",
      [{ checkId: "verdict", atMs: T0, from: "unknown", to: "critical", summary: "consumers down" }],
      MIN,
    );
    expect(event?.body).toBe("checkout verdict went critical (was unknown): consumers down");
    expect(event?.checkId).toBeUndefined();
  });

  it("says a check first judged at that instant was not judged before, not that it was unknown", () => {
    const [event] = deriveTimelineEvents("checkout", [
      {
        checkId: "orphan-publishes",
        atMs: T0,
        from: "unknown",
        to: "critical",
        summary: "747 publishes not consumed",
        firstJudged: true,
      },
    ]);
    expect(event?.body).toBe("orphan-publishes went critical (first judged then): 747 publishes not consumed");
  });
});

describe("derived event authorship", () => {
  it("credits Asyncscope, so people's anonymous notes are told apart", () => {
    expect(deriveTimelineEvents("checkout", transitions, MIN).every((event) => event.author === "Asyncscope")).toBe(
      true,
    );
  });
});

describe("timelineGridMs", () => {
  it("picks the finest step that splits the incident in at most 24", () => {
    expect(timelineGridMs(2 * MIN)).toBe(15_000);
    expect(timelineGridMs(24 * MIN)).toBe(MIN);
    expect(timelineGridMs(25 * MIN)).toBe(5 * MIN);
    expect(timelineGridMs(2 * 60 * MIN)).toBe(5 * MIN);
    expect(timelineGridMs(7 * 24 * 60 * MIN)).toBe(12 * 60 * MIN);
  });

  it("moves only at a few thresholds as an incident grows, so page loads share a grid", () => {
    // Reloaded every 15 s from 30 minutes in to 3 hours in: two grids, switching at 2 hours.
    const steps = new Set(Array.from({ length: 600 }, (_, i) => timelineGridMs(30 * MIN + i * 15_000)));
    expect([...steps]).toEqual([5 * MIN, 10 * MIN]);
  });
});

describe("dedupe keys", () => {
  it("read back what they write, and the keys of earlier versions", () => {
    const key = {
      workflowId: "checkout",
      checkId: "consumers-alive",
      from: "ok",
      to: "critical",
      bucketMs: T0,
      gridMs: MIN,
    };
    expect(parseDerivedKey(derivedKey(key))).toEqual(key);
    expect(parseDerivedKey(`checkout/consumers-alive/${T0}/critical`)).toEqual({ ...key, from: undefined, gridMs: 0 });
    expect(parseDerivedKey("checkout/consumers-alive/1795442580000")).toBeUndefined();
  });

  it("round the time up to the grid", () => {
    expect(bucketOf(T0 + 1, MIN)).toBe(T0 + MIN);
    expect(bucketOf(T0, MIN)).toBe(T0);
  });
});

describe("unrecordedEvents", () => {
  const event = (checkId: string, from: string, to: string, bucketMs: number, gridMs: number): NewTimelineEvent => ({
    at: new Date(bucketMs),
    kind: "status_change",
    body: `${checkId} ${to}`,
    checkId,
    dedupeKey: derivedKey({ workflowId: "checkout", checkId, from, to, bucketMs, gridMs }),
  });

  it("skips an event recorded under the same key", () => {
    const stored = event("backlog", "ok", "warning", T0 + 5 * MIN, MIN);
    expect(unrecordedEvents([stored.dedupeKey!], [stored])).toEqual([]);
  });

  it("skips the same change found again on a coarser grid (another bucket)", () => {
    // 1-minute grid: seen at 14:07. Later, on a 5-minute grid, the same change is seen at 14:10.
    const fine = event("backlog", "ok", "warning", T0 + 4 * MIN, MIN);
    const coarse = event("backlog", "ok", "warning", T0 + 7 * MIN, 5 * MIN);
    expect(unrecordedEvents([fine.dedupeKey!], [coarse])).toEqual([]);
  });

  it("skips the same change found again on a finer grid (a resolution moved earlier)", () => {
    const coarse = event("backlog", "ok", "critical", T0 + 12 * MIN, 10 * MIN);
    const fine = event("backlog", "ok", "critical", T0 + 4 * MIN, MIN);
    expect(unrecordedEvents([coarse.dedupeKey!], [fine])).toEqual([]);
  });

  it("skips a status seen at the present instant again, one grid step later", () => {
    // dead-letters can only be judged at the present: every page load sees it enter from unknown.
    const first = event("dead-letters", "unknown", "critical", T0 + 10 * MIN, MIN);
    const later = event("dead-letters", "unknown", "critical", T0 + 25 * MIN, MIN);
    expect(unrecordedEvents([first.dedupeKey!], [later])).toEqual([]);
  });

  it("records a check that recovers and breaks again, in time order", () => {
    const broke = event("consumers-alive", "ok", "critical", T0, MIN);
    const recovered = event("consumers-alive", "critical", "ok", T0 + 20 * MIN, MIN);
    const brokeAgain = event("consumers-alive", "ok", "critical", T0 + 30 * MIN, MIN);
    expect(unrecordedEvents([broke.dedupeKey!], [brokeAgain, broke, recovered])).toEqual([recovered, brokeAgain]);
  });

  it("keeps other checks and other workflows apart", () => {
    const backlog = event("backlog", "ok", "warning", T0, MIN);
    const lag = event("consumer-lag", "ok", "warning", T0, MIN);
    const otherWorkflow = { ...backlog, dedupeKey: backlog.dedupeKey!.replace("checkout/", "billing/") };
    expect(unrecordedEvents([backlog.dedupeKey!], [lag, otherWorkflow])).toEqual([lag, otherWorkflow]);
  });

  it("counts events recorded by earlier versions, keyed at their exact instant", () => {
    const legacy = `checkout/backlog/${T0 + 2 * MIN + 37_500}/warning`;
    expect(unrecordedEvents([legacy], [event("backlog", "ok", "warning", T0 + 5 * MIN, 5 * MIN)])).toEqual([]);
  });
});

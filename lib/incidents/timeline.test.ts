import { describe, expect, it } from "vitest";
import type { Transition } from "@/lib/analysis/types";
import { deriveTimelineEvents } from "./timeline";

const T0 = Date.parse("2026-11-23T14:03:00Z");

// The stuck-queue story as transitions:
//   14:03 consumers-alive ok → critical   (crash loop starts)
//   14:05 backlog ok → warning            (depth grows)
//   14:08 backlog warning → critical
//   14:45 consumers-alive critical → ok   (config fixed)
const transitions: Transition[] = [
  { checkId: "backlog", atMs: T0 + 2 * 60_000, from: "ok", to: "warning", summary: "order_confirmed.notification: 240 ready, growing" },
  { checkId: "consumers-alive", atMs: T0, from: "ok", to: "critical", summary: "no consumer on order_confirmed.notification" },
  { checkId: "backlog", atMs: T0 + 5 * 60_000, from: "warning", to: "critical", summary: "1,200 ready" },
  { checkId: "consumers-alive", atMs: T0 + 42 * 60_000, from: "critical", to: "ok", summary: "1 consumer" },
];

describe("deriveTimelineEvents", () => {
  it("orders events, marks first detection per check and recoveries", () => {
    const events = deriveTimelineEvents("checkout", transitions);
    expect(events.map((event) => [event.at.toISOString().slice(11, 16), event.kind, event.body.split(":")[0]])).toEqual([
      ["14:03", "detected", "consumers-alive went critical (was ok)"],
      ["14:05", "detected", "backlog went warning (was ok)"],
      ["14:08", "status_change", "backlog changed to critical (was warning)"],
      ["14:45", "status_change", "consumers-alive recovered to ok (was critical)"],
    ]);
    expect(new Set(events.map((event) => event.dedupeKey)).size).toBe(4);
    expect(events[0]).toMatchObject({ checkId: "consumers-alive", workflowId: "checkout", dedupeKey: `checkout/consumers-alive/${T0}/critical` });
  });

  it("names the workflow for verdict transitions", () => {
    const [event] = deriveTimelineEvents("checkout", [{ checkId: "verdict", atMs: T0, from: "unknown", to: "critical", summary: "consumers down" }]);
    expect(event?.body).toBe("checkout verdict went critical (was unknown): consumers down");
    expect(event?.checkId).toBeUndefined();
  });
});

describe("derived event authorship", () => {
  it("credits Asyncscope, so people's anonymous notes are told apart", () => {
    expect(deriveTimelineEvents("checkout", transitions).every((event) => event.author === "Asyncscope")).toBe(true);
  });
});

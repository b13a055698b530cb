import { describe, expect, it } from "vitest";
import { upstreamHint } from "./upstream-hint";

const growth = (destination: string, perMinute: number) => ({ destination, dlq: `${destination}.dlq`, perMinute });

describe("upstreamHint", () => {
  it("points upstream when every destination dead-letters at rates alike, with the numbers", () => {
    const hint = upstreamHint([growth("a", 40.4), growth("b", 36.9)], 2, "order-service");
    expect(hint?.status).toBe("warning");
    expect(hint?.values).toMatchObject({ kind: "upstream-cause", destinations: "a, b", lowestPerMinute: 36.9 });
    expect(hint?.text).toContain("a.dlq 40.4/min, b.dlq 36.9/min");
    expect(hint?.text).toContain("order-service");
  });

  it("says nothing when one destination of several is healthy: that consumer is not failing alike", () => {
    expect(upstreamHint([growth("a", 40), growth("b", 40)], 3, "order-service")).toBeUndefined();
  });

  it("says nothing when the rates differ: each consumer fails on its own", () => {
    expect(upstreamHint([growth("a", 40), growth("b", 10)], 2, undefined)).toBeUndefined();
  });

  it("says nothing when the destinations share one dead-letter queue: its growth is not theirs", () => {
    const shared = [
      { destination: "a", dlq: "orders.dlq", perMinute: 40 },
      { destination: "b", dlq: "orders.dlq", perMinute: 40 },
    ];
    expect(upstreamHint(shared, 2, "order-service")).toBeUndefined();
  });

  it("says nothing for a single destination: there is nothing to compare", () => {
    expect(upstreamHint([growth("a", 40)], 1, "order-service")).toBeUndefined();
  });
});

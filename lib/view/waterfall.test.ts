import { describe, expect, it } from "vitest";
import { formatMicros, layoutWaterfall } from "./waterfall";
import type { WaterfallSpan } from "./view-model";

const span = (init: Partial<WaterfallSpan> & Pick<WaterfallSpan, "spanId" | "name" | "startUs">): WaterfallSpan => ({
  traceId: "t1",
  service: "svc",
  kind: "internal",
  durationUs: 1000,
  error: false,
  warnings: [],
  links: [],
  ...init,
});

describe("layoutWaterfall", () => {
  //  0 ms   POST /checkout ████████████████
  //  1 ms     publish orders █
  //  (trace t2, joined by link)
  //  51 ms      ░░░░ queue wait 50 ms ░░░░ process notification ███
  //  52 ms        smtp.send █
  it("puts a consumer from another trace under the producer it links to, with the queue wait", () => {
    const rows = layoutWaterfall([
      span({ spanId: "a", name: "POST /checkout", kind: "server", startUs: 0, durationUs: 10_000 }),
      span({ spanId: "b", parentSpanId: "a", name: "publish orders", kind: "producer", startUs: 1000 }),
      span({
        spanId: "c",
        traceId: "t2",
        name: "process notification",
        kind: "consumer",
        startUs: 51_000,
        links: [{ traceId: "t1", spanId: "b" }],
      }),
      span({ spanId: "d", traceId: "t2", parentSpanId: "c", name: "smtp.send", startUs: 52_000 }),
    ]).rows;
    expect(rows.map((r) => [r.span.spanId, r.depth, r.viaLink, r.otherTrace])).toEqual([
      ["a", 0, false, false],
      ["b", 1, false, false],
      ["c", 2, true, true],
      ["d", 3, false, true],
    ]);
    expect(rows[2]!.queueWait).toEqual({ fromUs: 1000, toUs: 51_000, waitUs: 50_000 });
    expect(rows.every((r) => r.skew.length === 0)).toBe(true);
  });

  it("flags a consumer that starts before its producer, and Jaeger's adjustment warnings, as clock skew", () => {
    const rows = layoutWaterfall([
      span({ spanId: "p", name: "publish", kind: "producer", startUs: 10_000 }),
      span({
        spanId: "c",
        parentSpanId: "p",
        name: "process",
        kind: "consumer",
        startUs: 4_000,
        warnings: ["This span's timestamps were adjusted by 3ms"],
      }),
    ]).rows;
    const consumer = rows.find((r) => r.span.spanId === "c")!;
    expect(consumer.queueWait?.waitUs).toBe(-6000);
    expect(consumer.skew).toHaveLength(2);
    expect(consumer.skew[1]).toContain("6 ms before svc published");
  });

  it("keeps spans whose parent is missing as roots", () => {
    expect(
      layoutWaterfall([span({ spanId: "x", parentSpanId: "gone", name: "orphan", startUs: 5 })]).rows[0]!.depth,
    ).toBe(0);
  });
});

describe("formatMicros", () => {
  it("picks a readable unit", () => {
    expect([formatMicros(85), formatMicros(340_000), formatMicros(1_200_000)]).toEqual(["85 µs", "340 ms", "1.2 s"]);
  });
});

import { describe, expect, it } from "vitest";
import { formatMicros, layoutWaterfall, rulerTicks, splitDistinguishing, withMissingRows } from "./waterfall";
import type { ExpectedSpan, WaterfallSpan } from "./view-model";

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

describe("rulerTicks", () => {
  it("steps by 1, 2 or 5 × 10ⁿ from 0 to the end, in one unit for the whole ruler", () => {
    const label = (us: number, max?: number) => rulerTicks(us, max).map((t) => t.label);
    expect(label(1_000_000)).toEqual(["0", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1.0 s"]);
    expect(label(1_250_000)).toEqual(["0", "0.5 s", "1.0 s"]);
    expect(label(7_300)).toEqual(["0", "2 ms", "4 ms", "6 ms"]);
    expect(label(430)).toEqual(["0", "100 µs", "200 µs", "300 µs", "400 µs"]);
    expect(label(95_000_000)).toEqual(["0", "20 s", "40 s", "60 s", "80 s"]);
    expect(label(180_000, 3)).toEqual(["0", "100 ms"]);
    expect(rulerTicks(36_000).map((t) => t.us)).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it("never runs past the end, and a zero-length trace gets the origin only", () => {
    for (const total of [1, 999, 1001, 49_999, 3_600_000_000]) {
      const ticks = rulerTicks(total);
      expect(ticks[ticks.length - 1]!.us).toBeLessThanOrEqual(total);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
    expect(rulerTicks(0)).toEqual([{ us: 0, label: "0" }]);
  });
});

const ref = (service: string, name: string, kind?: ExpectedSpan["kind"]): ExpectedSpan => ({
  label: `${service}/${name}`,
  service,
  name,
  ...(kind ? { kind } : {}),
});
const EXPECTED = [
  ref("order", "POST /checkout", "server"),
  ref("order", "publish orders", "producer"),
  ref("notification", "process notification", "consumer"),
  ref("inventory", "process inventory", "consumer"),
  ref("inventory", "stock.update"),
];

describe("withMissingRows", () => {
  const present = (...which: WaterfallSpan[]) => layoutWaterfall(which).rows;
  const post = span({ spanId: "a", service: "order", name: "POST /checkout", kind: "server", startUs: 0 });
  const publish = span({
    spanId: "b",
    parentSpanId: "a",
    service: "order",
    name: "publish orders",
    kind: "producer",
    startUs: 1,
  });
  const notify = span({
    spanId: "c",
    parentSpanId: "b",
    service: "notification",
    name: "process notification",
    kind: "consumer",
    startUs: 5,
  });
  const inventory = span({
    spanId: "d",
    parentSpanId: "b",
    service: "inventory",
    name: "process inventory",
    kind: "consumer",
    startUs: 6,
  });
  const show = (lines: ReturnType<typeof withMissingRows>) =>
    lines.map((l) =>
      l.kind === "span" ? `${l.row.depth} ${l.row.span.name}` : `${l.row.depth} ${l.row.expected.name} (missing)`,
    );

  //  POST /checkout
  //    publish orders
  //      process notification
  //      process inventory
  //        ┆ stock.update (missing)
  it("puts a missing span under the span expected just before it", () => {
    expect(
      show(withMissingRows(present(post, publish, notify, inventory), EXPECTED, ["inventory/stock.update"])),
    ).toEqual([
      "0 POST /checkout",
      "1 publish orders",
      "2 process notification",
      "2 process inventory",
      "3 stock.update (missing)",
    ]);
  });

  // A missing consumer hangs from the producer, after the consumers that did run; the work
  // it would have done hangs from the placeholder.
  it("puts a missing consumer under its producer, and what it would have done under it", () => {
    const lines = withMissingRows(present(post, publish, notify), EXPECTED, [
      "inventory/process inventory",
      "inventory/stock.update",
    ]);
    expect(show(lines)).toEqual([
      "0 POST /checkout",
      "1 publish orders",
      "2 process notification",
      "2 process inventory (missing)",
      "3 stock.update (missing)",
    ]);
  });

  it("puts a missing span with nothing to hang from first", () => {
    expect(show(withMissingRows(present(publish), EXPECTED, ["order/POST /checkout"]))).toEqual([
      "0 POST /checkout (missing)",
      "0 publish orders",
    ]);
  });
});

describe("splitDistinguishing", () => {
  it("keeps the part that tells a name from the others apart, cut at a word", () => {
    const names = ["process order_confirmed.inventory", "process order_confirmed.notification", "publish orders"];
    expect(splitDistinguishing(names[0]!, names)).toEqual({ head: "process order_confirmed.", tail: "inventory" });
    expect(splitDistinguishing("publish orders", ["publish order_confirmation_retry"])).toEqual({
      head: "publish ",
      tail: "orders",
    });
    expect(splitDistinguishing("stock.update", names)).toEqual({ head: "", tail: "stock.update" });
    // The same name twice (a retry) is not told apart from itself.
    expect(splitDistinguishing("smtp.send", ["smtp.send", "smtp.connect"])).toEqual({ head: "smtp.", tail: "send" });
  });
});

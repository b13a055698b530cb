import { describe, expect, it } from "vitest";
import type { LogLine } from "@/lib/domain/log";
import {
  componentTraceIds,
  groupByTrace,
  isFullTraceId,
  joinLinesToSpans,
  linesOfTraces,
  mergeLines,
  shownFields,
  traceIdsToFetch,
  traceLogWindow,
} from "./trace-logs";
import type { WaterfallSpan } from "./view-model";

const T1 = "4bf92f3577b34da6a3ce929d0e0e4736";
const T2 = "00f067aa0ba902b700f067aa0ba902b7";

const span = (init: Partial<WaterfallSpan> & Pick<WaterfallSpan, "spanId" | "startUs">): WaterfallSpan => ({
  traceId: T1,
  name: init.spanId,
  service: "svc",
  kind: "internal",
  durationUs: 1000,
  error: false,
  warnings: [],
  links: [],
  ...init,
});

const line = (init: Partial<LogLine> & Pick<LogLine, "timeMs">): LogLine => ({
  service: "svc",
  level: "info",
  message: "m",
  traceId: T1,
  ...init,
});

describe("linesOfTraces", () => {
  it("keeps the lines of the asked traces, oldest first, the newest when over the limit", () => {
    const lines = [
      line({ timeMs: 30, message: "c" }),
      line({ timeMs: 10, message: "a" }),
      line({ timeMs: 20, message: "other trace", traceId: T2 }),
      line({ timeMs: 15, message: "no trace id", traceId: undefined }),
      line({ timeMs: 20, message: "b" }),
    ];
    expect(linesOfTraces(lines, [T1]).lines.map((l) => l.message)).toEqual(["a", "b", "c"]);
    expect(linesOfTraces(lines, [T1, T2]).lines.map((l) => l.message)).toEqual(["a", "other trace", "b", "c"]);
    expect(linesOfTraces(lines, [T1], 2)).toMatchObject({
      truncated: true,
      lines: [{ message: "b" }, { message: "c" }],
    });
    expect(linesOfTraces(lines, []).lines).toEqual([]);
  });
});

describe("groupByTrace", () => {
  it("groups lines per trace id in time order and leaves out lines without one", () => {
    const groups = groupByTrace([
      line({ timeMs: 2, traceId: T2 }),
      line({ timeMs: 3 }),
      line({ timeMs: 1 }),
      line({ timeMs: 0, traceId: undefined }),
    ]);
    expect([...groups.keys()]).toEqual([T1, T2]);
    expect(groups.get(T1)!.map((l) => l.timeMs)).toEqual([1, 3]);
  });
});

describe("joinLinesToSpans", () => {
  //  0 ms   order-service  POST /checkout    (a)   ── line "placing order" at +1 ms
  //  2 ms     publish orders                 (b)   ── line "published" at +3 ms
  //  (trace T2, joined by link)
  //  50 ms      inventory  process           (c)   ── lines "invalid event" +61 ms (warn), and one naming span "zz"
  it("joins each line to the span named by its span id, across linked traces, oldest first", () => {
    const spans = [
      span({ spanId: "a", startUs: 1_000_000, durationUs: 10_000 }),
      span({ spanId: "b", parentSpanId: "a", startUs: 1_002_000, kind: "producer" }),
      span({ spanId: "c", traceId: T2, startUs: 1_050_000, kind: "consumer", links: [{ traceId: T1, spanId: "b" }] }),
    ];
    const lines = [
      line({ timeMs: 1061, traceId: T2, spanId: "c", level: "warn", message: "invalid event", service: "inventory" }),
      line({ timeMs: 1003, spanId: "b", message: "published" }),
      line({ timeMs: 1001, spanId: "a", message: "placing order" }),
      line({ timeMs: 1070, traceId: T2, spanId: "zz", message: "from a span not drawn" }),
      line({ timeMs: 1080, message: "no span id" }),
    ];
    const join = joinLinesToSpans(lines, spans);
    expect(join.rows.map((r) => [r.line.message, r.span?.spanId ?? null, r.unknownSpan, r.offsetMs])).toEqual([
      ["placing order", "a", false, 1],
      ["published", "b", false, 3],
      ["invalid event", "c", false, 61],
      ["from a span not drawn", null, true, 70],
      ["no span id", null, false, 80],
    ]);
    expect(join.bySpan.get("c")).toEqual([join.rows[2]!.key]);
    expect(join.bySpan.has("zz")).toBe(false);
    expect(Object.fromEntries(join.perTrace)).toEqual({ [T1]: 3, [T2]: 2 });
  });

  it("gives repeated identical lines distinct keys", () => {
    const same = line({ timeMs: 5, spanId: "a", message: "retry" });
    const join = joinLinesToSpans([same, { ...same }], [span({ spanId: "a", startUs: 0 })]);
    expect(new Set(join.rows.map((r) => r.key)).size).toBe(2);
    expect(join.bySpan.get("a")).toHaveLength(2);
  });

  it("has no offsets without spans", () => {
    expect(joinLinesToSpans([line({ timeMs: 5 })], []).rows[0]).toMatchObject({ offsetMs: null, unknownSpan: false });
  });
});

describe("mergeLines", () => {
  it("shows a line read twice once, in time order", () => {
    const a = line({ timeMs: 2, message: "a" });
    const b = line({ timeMs: 1, message: "b" });
    expect(mergeLines([a], [{ ...a }, b]).map((l) => l.message)).toEqual(["b", "a"]);
  });
});

describe("which traces to fetch", () => {
  const spans = [span({ spanId: "a", startUs: 0 }), span({ spanId: "c", traceId: T2, startUs: 5 })];
  it("lists the component's trace ids, first span's trace first", () => {
    expect(componentTraceIds([...spans].reverse())).toEqual([T1, T2]);
  });
  it("fetches the trace ids the evaluation did not look up, none when there is no log store", () => {
    expect(traceIdsToFetch({ kind: "lines", lookedUp: [T1], lines: [], truncated: false }, spans, T1)).toEqual([T2]);
    expect(traceIdsToFetch({ kind: "lines", lookedUp: [T1, T2], lines: [], truncated: false }, spans, T1)).toEqual([]);
    expect(traceIdsToFetch({ kind: "lines", lookedUp: [], lines: [], truncated: false }, [], T1)).toEqual([T1]);
    expect(traceIdsToFetch({ kind: "none", why: "unconfigured", reason: "x" }, spans, T1)).toEqual([]);
  });
  it("searches from a minute before the first span to five minutes after the last one ends", () => {
    expect(
      traceLogWindow([span({ spanId: "a", startUs: 600_000_000, durationUs: 2_000_000 })], { fromMs: 0, toMs: 1 }),
    ).toEqual({ fromMs: 540_000, toMs: 902_000 });
    expect(traceLogWindow([], { fromMs: 0, toMs: 1 })).toEqual({ fromMs: 0, toMs: 1 });
  });
  it("accepts only full W3C trace ids", () => {
    expect(isFullTraceId(T1)).toBe(true);
    expect(isFullTraceId("4bf92f3577b34da6")).toBe(false);
    expect(isFullTraceId(T1.toUpperCase())).toBe(false);
    expect(isFullTraceId(`${T1}0`)).toBe(false);
  });
});

describe("shownFields", () => {
  it("shows a few fields, sorted, long values shortened", () => {
    const l = line({ timeMs: 0, fields: { z: "1", a: "x".repeat(100), m: "2", b: "3", c: "4" } });
    const shown = shownFields(l, 3, 10);
    expect(shown.map(([k]) => k)).toEqual(["a", "b", "c"]);
    expect(shown[0]![1]).toBe(`${"x".repeat(9)}…`);
    expect(shownFields(line({ timeMs: 0 }))).toEqual([]);
  });
});

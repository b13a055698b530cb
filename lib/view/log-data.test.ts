import { describe, expect, it } from "vitest";
import type { LogSample } from "@/lib/domain/log";
import type { Check, Observed, WorkflowHealth } from "@/lib/analysis/types";
import { countSlots, logsPanel, serviceCounts, traceLogsFor } from "./log-data";

const T1 = "4bf92f3577b34da6a3ce929d0e0e4736";
const T2 = "00f067aa0ba902b700f067aa0ba902b7";
const T3 = "11111111111111111111111111111111";
const MIN = 60_000;

const sample = (over: Partial<LogSample> = {}): LogSample => ({
  store: "victorialogs",
  activity: { fromMs: 0, toMs: 5 * MIN, stepSeconds: 60, services: [], messages: [] },
  traces: { traceIds: [T1, T2], lines: [], truncated: false, limit: 1000 },
  warnings: [],
  ...over,
});

const check = (over: Partial<Check> = {}): Check => ({
  id: "log-findings",
  status: "warning",
  title: "Log findings",
  summary: "inventory logged errors",
  evidence: {
    items: [
      { subject: "inventory", status: "warning", text: "burst", values: { kind: "burst", errors: 3 } },
      { subject: "order", status: "ok", text: "order logs normally.", values: {} },
    ],
    traceIds: [],
    ranges: [],
  },
  sources: ["logs"],
  matters: true,
  ...over,
});

const health = (checks: Check[] = [check()]) => ({ checks }) as unknown as WorkflowHealth;
const names = (store: string | undefined) => (store === "victorialogs" ? "VictoriaLogs" : "the log store");
const window = { fromMs: 0, toMs: 5 * MIN };

describe("countSlots", () => {
  it("covers the steps overlapping the window inside the counted range", () => {
    expect(countSlots({ fromMs: 0, toMs: 5 * MIN, stepSeconds: 60 }, window)).toEqual(
      [0, 1, 2, 3, 4].map((i) => i * MIN),
    );
    // The lookback starts before the window: only the window's steps, the partial first one included.
    expect(countSlots({ fromMs: 0, toMs: 5 * MIN, stepSeconds: 60 }, { fromMs: 2.5 * MIN, toMs: 5 * MIN })).toEqual([
      2 * MIN,
      3 * MIN,
      4 * MIN,
    ]);
    // Nothing was counted after 3 min: no slot there (not zero).
    expect(countSlots({ fromMs: 0, toMs: 3 * MIN, stepSeconds: 60 }, window)).toEqual([0, MIN, 2 * MIN]);
    expect(countSlots({ fromMs: 0, toMs: 3 * MIN, stepSeconds: 0 }, window)).toEqual([]);
  });
});

describe("serviceCounts", () => {
  //  step      0    1    2    3    4   (minutes)
  //  errors    -    2    -    1    -     "-": no line from inventory: counted as 0
  //  warns     1    -    -    -    4
  it("counts error and warn lines per step, a step with no line as 0", () => {
    const counts = serviceCounts(
      sample({
        activity: {
          fromMs: 0,
          toMs: 5 * MIN,
          stepSeconds: 60,
          messages: [],
          services: [
            {
              service: "inventory",
              lastLineMs: 4.5 * MIN,
              buckets: [
                { tsMs: 0, counts: { warn: 1, info: 9 } },
                { tsMs: MIN, counts: { error: 2 } },
                { tsMs: 3 * MIN, counts: { error: 1 } },
                // off the grid: counted in the step it falls in
                { tsMs: 4 * MIN + 10_000, counts: { warn: 4 } },
              ],
            },
            { service: "order", lastLineMs: null, buckets: [] },
          ],
        },
      }),
      window,
    );
    expect(counts[0]).toMatchObject({ service: "inventory", errorTotal: 3, warnTotal: 5, lastLineMs: 4.5 * MIN });
    expect(counts[0]!.points.map((p) => [p.error, p.warn])).toEqual([
      [0, 1],
      [2, 0],
      [0, 0],
      [1, 0],
      [0, 4],
    ]);
    expect(counts[1]!.points.every((p) => p.error === 0 && p.warn === 0)).toBe(true);
    expect(counts[1]!.points).toHaveLength(5);
  });
});

describe("logsPanel", () => {
  it("says a recording made before logs holds none", () => {
    expect(logsPanel(undefined, health(), window, names)).toMatchObject({ ok: false, absent: "not-recorded" });
  });
  it("tells no log store from a store that failed", () => {
    const unconfigured: Observed<LogSample> = {
      ok: false,
      source: "logs",
      reason: "not configured",
      unconfigured: true,
    };
    expect(logsPanel(unconfigured, health(), window, names)).toMatchObject({ ok: false, absent: "unconfigured" });
    const failed: Observed<LogSample> = { ok: false, source: "logs", reason: "VictoriaLogs answered 503" };
    expect(logsPanel(failed, health(), window, names)).toEqual({
      ok: false,
      source: "logs",
      sourceName: "the log store",
      reason: "VictoriaLogs answered 503",
    });
  });
  it("carries the check's items with their kind and only error and warn messages", () => {
    const p = logsPanel(
      {
        ok: true,
        value: sample({
          activity: {
            fromMs: 0,
            toMs: 5 * MIN,
            stepSeconds: 60,
            services: [],
            messages: [
              { service: "inventory", level: "error", message: "invalid event", count: 7 },
              { service: "inventory", level: "info", message: "ok", count: 70 },
            ],
          },
          traces: { traceIds: [], lines: [], truncated: true, limit: 1000 },
          warnings: ["partial answer"],
        }),
      },
      health(),
      window,
      names,
    );
    if (!p.ok) throw new Error("expected data");
    expect(p.data.store).toBe("VictoriaLogs");
    expect(p.data.messages.map((m) => m.message)).toEqual(["invalid event"]);
    expect(p.data.check?.items.map((i) => i.kind)).toEqual(["burst", undefined]);
    expect(p.data.warnings).toEqual(["partial answer"]);
    expect(p.notes[0]).toMatch(/newest 1000/);
  });
  it("has no check when the verdict has none", () => {
    const p = logsPanel({ ok: true, value: sample() }, health([]), window, names);
    expect(p.ok && p.data.check).toBeNull();
  });
});

describe("traceLogsFor", () => {
  const lines = [
    { timeMs: 3, service: "a", level: "info" as const, message: "x", traceId: T1 },
    { timeMs: 1, service: "b", level: "warn" as const, message: "y", traceId: T2 },
    { timeMs: 2, service: "b", level: "info" as const, message: "z", traceId: T3 },
  ];
  it("keeps the component's looked-up traces' lines and names which were looked up", () => {
    const got = traceLogsFor(
      { ok: true, value: sample({ traces: { traceIds: [T1, T2], lines, truncated: false, limit: 9 } }) },
      [T1, T3],
    );
    expect(got).toEqual({ kind: "lines", lookedUp: [T1], lines: [lines[0]], truncated: false });
  });
  it("says why there are none", () => {
    expect(traceLogsFor(undefined, [T1])).toMatchObject({ kind: "none", why: "not-recorded" });
    expect(traceLogsFor({ ok: false, source: "logs", reason: "r", unconfigured: true }, [T1])).toMatchObject({
      why: "unconfigured",
    });
    expect(traceLogsFor({ ok: false, source: "logs", reason: "503" }, [T1])).toEqual({
      kind: "none",
      why: "failed",
      reason: "503",
    });
  });
});

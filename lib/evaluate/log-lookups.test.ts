import { describe, expect, it } from "vitest";
import { MIN, T0, checkoutTraces, makeWorkflow } from "@/lib/analysis/testing";
import { INCOMPLETE_TRACES, MAX_LOG_STEPS, REFERENCE_TRACES, logStepSeconds, traceIdsForLogs } from "./log-lookups";

const workflow = makeWorkflow();

describe("traceIdsForLogs", () => {
  const now = T0 + 30 * MIN;
  const sample = (traces: ReturnType<typeof checkoutTraces>) => ({
    traces,
    limit: 1000,
    truncated: false,
    warnings: [],
  });

  it("asks for the newest judged incomplete traces first, then complete ones to compare with, bounded", () => {
    const traces = [
      ...Array.from({ length: 100 }, (_, i) => checkoutTraces({ startMs: T0 + i * 1000, stockUpdate: false })),
      ...Array.from({ length: 100 }, (_, i) => checkoutTraces({ startMs: T0 + i * 1000 + 500 })),
    ].flat();
    const ids = traceIdsForLogs(workflow, sample(traces), now);
    expect(ids).toHaveLength(INCOMPLETE_TRACES + REFERENCE_TRACES);
    const incomplete = new Set(
      traces.filter((t) => !t.spans.some((s) => s.name === "stock.update")).map((t) => t.traceId),
    );
    expect(ids.slice(0, INCOMPLETE_TRACES).every((id) => incomplete.has(id))).toBe(true);
    expect(ids.slice(INCOMPLETE_TRACES).some((id) => incomplete.has(id))).toBe(false);
    // Newest first: the last incomplete trace started is the first asked.
    expect(ids[0]).toBe(traces[99 * 1]!.traceId);
  });

  it("leaves out traces younger than the orphan grace (still in flight)", () => {
    const young = checkoutTraces({ startMs: now - 5_000, stockUpdate: false });
    expect(traceIdsForLogs(workflow, sample(young), now)).toEqual([]);
  });
});

describe("logStepSeconds", () => {
  it("gives round steps and at most MAX_LOG_STEPS of them", () => {
    expect(logStepSeconds(T0, T0 + 15 * MIN)).toBe(15);
    expect(logStepSeconds(T0, T0 + 60 * MIN)).toBe(30);
    expect(logStepSeconds(T0, T0 + 24 * 60 * MIN)).toBe(900);
    const week = 7 * 24 * 60 * MIN;
    expect(week / 1000 / logStepSeconds(T0, T0 + week)).toBeLessThanOrEqual(MAX_LOG_STEPS);
  });
});

import { describe, expect, it } from "vitest";
import { analyseWorkflow } from "@/lib/analysis/analyse";
import { failed, healthySignals, makeWorkflow, T0 } from "@/lib/analysis/testing";
import type { WorkflowSignals } from "@/lib/analysis/types";
import type { LatestEvaluation } from "./latest";
import { OVERVIEW_REUSE_MS, PAGE_REUSE_MS, reuseDecision, type SourceNow } from "./reuse";

const workflow = makeWorkflow();
const SPAN = 15 * 60_000;

function latestEndingAt(toMs: number, signals: WorkflowSignals = healthySignals(), spanMs = SPAN): LatestEvaluation {
  return {
    evaluation: { workflow, signals, analysis: analyseWorkflow(workflow, signals) },
    window: { fromMs: toMs - spanMs, toMs },
  };
}

// "Now" is 2 s into the aligned window that ends at T0.
const current = { fromMs: T0 - SPAN, toMs: T0 };
const nowMs = T0 + 2_000;
const allUp: SourceNow[] = ["prometheus", "jaeger", "rabbitmq", "logs"].map((name) => ({ name, status: "ok" }));
const overview = (sources: readonly SourceNow[] = allUp) => ({ current, nowMs, maxAgeMs: OVERVIEW_REUSE_MS, sources });

describe("reuseDecision", () => {
  it("reuses a clean evaluation up to the bound, measured from the time now", () => {
    expect(reuseDecision(latestEndingAt(T0), overview())).toEqual({ reuse: true, ageMs: 2_000 });
    expect(reuseDecision(latestEndingAt(T0 - 40_000), overview())).toEqual({ reuse: true, ageMs: 45_000 - 3_000 });
    expect(reuseDecision(latestEndingAt(T0 - 45_000), overview())).toEqual({
      reuse: false,
      why: "its latest evaluation is 47 s old, over 45 s",
    });
  });

  it("lets a poll answered after its slot passed show a later, fresher evaluation, still within the bound", () => {
    // The poll was sent for the slot ending at T0 - 5 s; the latest evaluation is of the slot ending at T0.
    const slot = { fromMs: T0 - 5_000 - SPAN, toMs: T0 - 5_000 };
    const late = { current: slot, nowMs, maxAgeMs: PAGE_REUSE_MS, sources: allUp };
    expect(reuseDecision(latestEndingAt(T0), late).reuse).toBe(false);
    expect(reuseDecision(latestEndingAt(T0), { ...late, laterAllowed: true })).toEqual({ reuse: true, ageMs: 2_000 });
    // The age bound and the sources' state still stand.
    expect(reuseDecision(latestEndingAt(T0 - 15_000), { ...late, laterAllowed: true }).reuse).toBe(false);
    const prometheusDown = allUp.map((s) => (s.name === "prometheus" ? { ...s, status: "down" as const } : s));
    expect(reuseDecision(latestEndingAt(T0), { ...late, laterAllowed: true, sources: prometheusDown })).toEqual({
      reuse: false,
      why: "prometheus is down now",
    });
  });

  it("evaluates afresh when there is none, or of a later window, or of a window of another length", () => {
    expect(reuseDecision(undefined, overview())).toEqual({ reuse: false, why: "no evaluation of it yet" });
    expect(reuseDecision(latestEndingAt(T0 + 5_000), overview()).reuse).toBe(false);
    // A page asking for the last hour never gets the kept 15 minutes.
    const lastHour = { ...overview(), current: { fromMs: T0 - 60 * 60_000, toMs: T0 } };
    expect(reuseDecision(latestEndingAt(T0), lastHour)).toEqual({
      reuse: false,
      why: "its latest evaluation is of a window of another length",
    });
  });

  it("never shows an old verdict while a source it reads is down now", () => {
    const prometheusDown = allUp.map((s) => (s.name === "prometheus" ? { ...s, status: "down" as const } : s));
    expect(reuseDecision(latestEndingAt(T0 - 10_000), overview(prometheusDown))).toEqual({
      reuse: false,
      why: "prometheus is down now",
    });
  });

  it("does not reuse once a source it read has failed a call after its window ended", () => {
    const jaegerFailed = (atMs: number): SourceNow[] => [
      { name: "jaeger", lastError: { message: "503 from Jaeger", kind: "http", atMs } },
    ];
    const page = (sources: SourceNow[]) => ({ current, nowMs, maxAgeMs: PAGE_REUSE_MS, sources });
    expect(reuseDecision(latestEndingAt(T0 - 10_000), page(jaegerFailed(T0 - 4_000)))).toEqual({
      reuse: false,
      why: "jaeger failed since: 503 from Jaeger",
    });
    // A failure before the evaluation is the evaluation's own business (it answered in full).
    expect(reuseDecision(latestEndingAt(T0 - 10_000), page(jaegerFailed(T0 - 60_000))).reuse).toBe(true);
  });

  it("holds the page to one refresh period", () => {
    const page = { current, nowMs, maxAgeMs: PAGE_REUSE_MS, sources: [] };
    expect(reuseDecision(latestEndingAt(T0 - 10_000), page)).toEqual({ reuse: true, ageMs: 12_000 });
    expect(reuseDecision(latestEndingAt(T0 - 15_000), page).reuse).toBe(false);
  });

  it("does not reuse an evaluation in which a source failed, wholly or in part", () => {
    const partial = healthySignals();
    partial.history.drops = failed("prometheus", "bad counter");
    expect(reuseDecision(latestEndingAt(T0 - 10_000, partial), overview())).toEqual({
      reuse: false,
      why: "prometheus was degraded in its latest evaluation: bad counter",
    });
    const brokerDown = healthySignals();
    brokerDown.state = failed("rabbitmq", "connection refused");
    expect(reuseDecision(latestEndingAt(T0 - 10_000, brokerDown), overview())).toEqual({
      reuse: false,
      why: "rabbitmq was down in its latest evaluation: connection refused",
    });
  });

  it("ignores a source the workflow does not have configured", () => {
    const noBroker = healthySignals();
    noBroker.state = { ok: false, source: "rabbitmq", unconfigured: true, reason: "RabbitMQ is not configured" };
    const rabbitDown = allUp.map((s) => (s.name === "rabbitmq" ? { ...s, status: "down" as const } : s));
    expect(reuseDecision(latestEndingAt(T0 - 10_000, noBroker), overview(rabbitDown))).toEqual({
      reuse: true,
      ageMs: 12_000,
    });
  });
});

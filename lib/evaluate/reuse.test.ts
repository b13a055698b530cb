import { describe, expect, it } from "vitest";
import type { SourceStatus } from "@/lib/domain/source";
import { analyseWorkflow } from "@/lib/analysis/analyse";
import { failed, healthySignals, makeWorkflow, T0 } from "@/lib/analysis/testing";
import type { WorkflowSignals } from "@/lib/analysis/types";
import type { LatestEvaluation } from "./latest";
import { OVERVIEW_REUSE_MS, PAGE_REUSE_MS, reuseDecision } from "./reuse";

const workflow = makeWorkflow();
const SPAN = 15 * 60_000;

function latestEndingAt(toMs: number, signals: WorkflowSignals = healthySignals()): LatestEvaluation {
  return {
    evaluation: { workflow, signals, analysis: analyseWorkflow(workflow, signals) },
    window: { fromMs: toMs - SPAN, toMs },
  };
}

const now = { fromMs: T0 - SPAN, toMs: T0 };
const allUp: SourceStatus[] = ["prometheus", "jaeger", "rabbitmq", "logs"].map((name) => ({
  name,
  status: "ok",
  message: "answered",
}));

describe("reuseDecision", () => {
  it("reuses a clean evaluation up to the bound, saying how old it is", () => {
    expect(reuseDecision(latestEndingAt(T0), now, OVERVIEW_REUSE_MS, allUp)).toEqual({ reuse: true, ageMs: 0 });
    expect(reuseDecision(latestEndingAt(T0 - 45_000), now, OVERVIEW_REUSE_MS, allUp)).toEqual({
      reuse: true,
      ageMs: 45_000,
    });
  });

  it("evaluates afresh when there is none, or it is older than the bound, or of a later window", () => {
    expect(reuseDecision(undefined, now, OVERVIEW_REUSE_MS, allUp)).toEqual({
      reuse: false,
      why: "no evaluation of it yet",
    });
    expect(reuseDecision(latestEndingAt(T0 - 50_000), now, OVERVIEW_REUSE_MS, allUp)).toEqual({
      reuse: false,
      why: "its latest evaluation is 50 s old, over 45 s",
    });
    expect(reuseDecision(latestEndingAt(T0 + 5_000), now, OVERVIEW_REUSE_MS, allUp).reuse).toBe(false);
  });

  it("without live health (the workflow page) judges age and the evaluation's own sources only", () => {
    expect(reuseDecision(latestEndingAt(T0 - 15_000), now, PAGE_REUSE_MS)).toEqual({ reuse: true, ageMs: 15_000 });
    expect(reuseDecision(latestEndingAt(T0 - 20_000), now, PAGE_REUSE_MS).reuse).toBe(false);
    const brokerDown = healthySignals();
    brokerDown.state = failed("rabbitmq", "connection refused");
    expect(reuseDecision(latestEndingAt(T0, brokerDown), now, PAGE_REUSE_MS).reuse).toBe(false);
  });

  it("never shows an old verdict while a source it reads is down now", () => {
    const prometheusDown = allUp.map((s) => (s.name === "prometheus" ? { ...s, status: "down" as const } : s));
    expect(reuseDecision(latestEndingAt(T0 - 10_000), now, OVERVIEW_REUSE_MS, prometheusDown)).toEqual({
      reuse: false,
      why: "prometheus is down now",
    });
  });

  it("does not reuse an evaluation in which a source failed, wholly or in part", () => {
    const partial = healthySignals();
    partial.history.drops = failed("prometheus", "bad counter");
    expect(reuseDecision(latestEndingAt(T0 - 10_000, partial), now, OVERVIEW_REUSE_MS, allUp)).toEqual({
      reuse: false,
      why: "prometheus was degraded in its latest evaluation: bad counter",
    });
    const brokerDown = healthySignals();
    brokerDown.state = failed("rabbitmq", "connection refused");
    const decision = reuseDecision(latestEndingAt(T0 - 10_000, brokerDown), now, OVERVIEW_REUSE_MS, allUp);
    expect(decision).toEqual({ reuse: false, why: "rabbitmq was down in its latest evaluation: connection refused" });
  });

  it("ignores a source the workflow does not have configured", () => {
    const noBroker = healthySignals();
    noBroker.state = { ok: false, source: "rabbitmq", unconfigured: true, reason: "RabbitMQ is not configured" };
    const rabbitDown = allUp.map((s) => (s.name === "rabbitmq" ? { ...s, status: "down" as const } : s));
    expect(reuseDecision(latestEndingAt(T0 - 10_000, noBroker), now, OVERVIEW_REUSE_MS, rabbitDown)).toEqual({
      reuse: true,
      ageMs: 10_000,
    });
  });
});

// "Now" is only now if it was observed recently: the checks judge each value by when it was
// observed, and say since when they have had no fresh data instead of judging from old samples.
import { describe, expect, it } from "vitest";
import { analyseWorkflow } from "./analyse";
import { buildChecklist } from "./checklist";
import type { DestinationSignal } from "@/lib/domain/destination";
import { MIN, Q, T0, failed, healthySignals, key, makeWorkflow, setState } from "./testing";
import type { Check, WorkflowSignals } from "./types";

const workflow = makeWorkflow();
const END = T0 + 15 * MIN;
const SIGNALS: DestinationSignal[] = [
  "waiting",
  "inFlight",
  "consumers",
  "acked",
  "published",
  "redelivered",
  "delivered",
];

/** Every history series (and the drop counter) without samples after `lastMs`: the scrapes stopped then. */
function metricsStopAt(signals: WorkflowSignals, lastMs: number): void {
  for (const signal of SIGNALS) {
    const obs = signals.history.signals[signal];
    if (obs?.ok) for (const s of obs.value) s.points = s.points.filter((p) => p.tsMs <= lastMs);
  }
  if (signals.history.drops.ok)
    for (const s of signals.history.drops.value) s.points = s.points.filter((p) => p.tsMs <= lastMs);
}

const byId = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe("a series that stops inside the window, the broker still answering", () => {
  //   samples  ●──●──●──●──●──●──●──●──●──●──●   (scrapes stop at 19:10)
  //   time     19:00 ─────────────────── 19:10 ────────── 19:15 (judged)
  //   broker   answers now ───────────────────────────────────● 19:15
  const signals = healthySignals();
  metricsStopAt(signals, T0 + 10 * MIN);
  const checks = byId(analyseWorkflow(workflow, signals, { transitions: false }).checks);

  it("the checks that need the metrics are unknown, since when said, never ok from the last sample", () => {
    for (const id of ["acks-progressing", "throughput-balance", "backlog", "redeliveries"]) {
      expect(checks[id]!.status, id).toBe("unknown");
      expect(checks[id]!.reason, id).toContain("no fresh data from Prometheus since 2026-11-23T19:10:00.000Z");
    }
  });

  it("what the broker says now is still judged", () => {
    expect(checks["consumers-alive"]!.status).toBe("ok");
    expect(checks["unexpected-consumers"]!.status).toBe("ok");
  });

  it("counter points that rate() keeps extrapolating after the scrapes stopped are not fresh data", () => {
    // rate(x[2m]) answers up to two minutes after the last scrape: the gauges show when it stopped.
    const ghost = healthySignals();
    for (const signal of ["waiting", "inFlight", "consumers"] as const) {
      const obs = ghost.history.signals[signal];
      if (obs?.ok) for (const s of obs.value) s.points = s.points.filter((p) => p.tsMs <= END - 3 * MIN);
    }
    for (const signal of ["acked", "published", "delivered", "redelivered"] as const) {
      const obs = ghost.history.signals[signal];
      if (obs?.ok) for (const s of obs.value) s.points = s.points.filter((p) => p.tsMs <= END - MIN);
    }
    const result = byId(analyseWorkflow(workflow, ghost, { transitions: false }).checks);
    expect(result["acks-progressing"]!.reason).toContain(
      "no fresh data from Prometheus since 2026-11-23T19:12:00.000Z",
    );
  });
});

describe("a series that stops before the window", () => {
  //   lookback ●──●──●──●  (stopped at 19:04)
  //   window                  │ 19:05 ─────────────── 19:15 │
  it("with the broker down too, every check that needs either is unknown: nothing is judged as now", () => {
    const signals = healthySignals({
      window: { fromMs: T0 + 5 * MIN, toMs: END },
      state: failed("rabbitmq", "RabbitMQ did not answer within 10 s"),
    });
    metricsStopAt(signals, T0 + 4 * MIN);
    const result = analyseWorkflow(workflow, signals, { transitions: false });
    const checks = byId(result.checks);
    for (const id of ["consumers-alive", "acks-progressing", "throughput-balance", "backlog", "oldest-message-age"]) {
      expect(checks[id]!.status, id).toBe("unknown");
    }
    expect(checks["consumers-alive"]!.reason).toContain("no fresh data from Prometheus since 2026-11-23T19:04:00.000Z");
    expect(result.status).toBe("unknown");
  });

  it("a counter with no samples inside the window is unknown, not zero and not 'no traffic'", () => {
    // A broker whose counters do not vanish when idle: a missing sample is missing, not zero.
    const signals = healthySignals({ window: { fromMs: T0 + 5 * MIN, toMs: END } });
    signals.history.absentCounter = "unknown";
    const published = signals.history.signals.published;
    // The publish counter has samples only before the window; the gauges go on.
    if (published?.ok) for (const s of published.value) s.points = s.points.filter((p) => p.tsMs < T0 + 5 * MIN);
    const result = analyseWorkflow(workflow, signals, { transitions: false });
    const tb = byId(result.checks)["throughput-balance"]!;
    expect(tb.status).toBe("unknown");
    expect(tb.summary).not.toContain("No traffic");
    // …and the checklist does not count it as nothing produced.
    const produced = buildChecklist({ workflow, checks: result.checks })
      .find((s) => s.id === "async-path")!
      .answers.find((a) => a.question === "Produced?")!;
    expect(produced.answer).not.toMatch(/nothing is being produced/);
    expect(produced.status).not.toBe("warning");
  });
});

describe("a broker state older than staleAfter", () => {
  it("is not the present: the metrics stand in where fresh, and who consumes is unknown", () => {
    // The broker's last answer is 2 minutes old (a cached or stuck read); staleAfter is 30 s.
    const signals = healthySignals();
    if (!signals.state.ok) throw new Error("healthy state");
    signals.state.value.atMs = END - 2 * MIN;
    for (const d of signals.state.value.destinations)
      setState(signals, d.ref.name, { atMs: END - 2 * MIN, consumerNames: ["x"] });
    const checks = byId(analyseWorkflow(workflow, signals, { transitions: false }).checks);
    expect(checks["unexpected-consumers"]!.status).toBe("unknown");
    expect(checks["unexpected-consumers"]!.reason).toContain(
      "state is from 2026-11-23T19:13:00.000Z, not from 2026-11-23T19:15:00.000Z",
    );
    // Consumers come from the fresh metrics instead (1 per work queue): still judged.
    expect(checks["consumers-alive"]!.status).toBe("ok");
    expect(checks["consumers-alive"]!.evidence.items.find((i) => i.subject === Q.notification)!.values.consumers).toBe(
      1,
    );
  });

  it("is not used for a window that ended long before it was taken", () => {
    // A past window judged with today's broker state would blame today's consumers.
    const signals = healthySignals();
    setState(signals, Q.inventory, { consumerNames: ["website-counter"] });
    if (signals.state.ok) signals.state.value.atMs = END + 60 * MIN;
    const result = analyseWorkflow(workflow, signals, { transitions: true });
    const checks = byId(result.checks);
    for (const id of ["unexpected-consumers", "dead-letters"]) {
      expect(checks[id], id).toMatchObject({ status: "unknown", matters: false });
      expect(checks[id]!.reason, id).toContain("not from 2026-11-23T19:15:00.000Z");
    }
    // The window's own metrics still judge it: not held back, no change invented.
    expect(result.status).toBe("ok");
    expect(result.transitions).toEqual([]);
  });
});

describe("a partial response (Thanos, Mimir or Cortex without some of their stores)", () => {
  const warning = "partial response: store eu-1 unavailable";

  it("an all-clear from it is unknown, with the warning; the source is degraded", () => {
    const signals = healthySignals();
    const acked = signals.history.signals.acked;
    if (acked?.ok) acked.warnings = [warning];
    const result = analyseWorkflow(workflow, signals, { transitions: false });
    const check = byId(result.checks)["acks-progressing"]!;
    expect(check.status).toBe("unknown");
    expect(check.reason).toBe(`the answer may be partial: ${warning}`);
    expect(check.evidence.warnings).toEqual([warning]);
    expect(result.status).toBe("unknown");
  });

  it("a problem found in it stays a problem, and carries the warning", () => {
    const signals = healthySignals();
    const acked = signals.history.signals.acked;
    if (acked?.ok) {
      acked.warnings = [warning];
      for (const s of acked.value)
        if (s.labels.destination === key(Q.inventory)) s.points = s.points.map((p) => ({ ...p, value: 20 }));
    }
    const check = byId(analyseWorkflow(workflow, signals, { transitions: false }).checks)["throughput-balance"]!;
    expect(check.status).toBe("critical");
    expect(check.evidence.warnings).toEqual([warning]);
  });
});

describe("a team with part of the stack", () => {
  it("without tracing: trace checks say 'not configured' and do not hold the verdict back", () => {
    const noTracing = makeWorkflow({ producer: undefined, expectedSpans: undefined });
    const signals = healthySignals({
      traces: { ok: false, source: "jaeger", unconfigured: true, reason: "Jaeger is not configured" },
    });
    const result = analyseWorkflow(noTracing, signals, { transitions: false });
    const checks = byId(result.checks);
    expect(checks["orphan-publishes"]).toMatchObject({
      status: "unknown",
      matters: false,
      reason: "not configured: add sources.jaeger to judge orphan publishes",
    });
    expect(checks["trace-completeness"]!.reason).toBe("not configured: add sources.jaeger to judge trace completeness");
    expect(checks["silent-drops"]!.matters).toBe(false);
    expect(result.status).toBe("ok");
    expect(result.summary).toMatch(
      /^All 8 judged checks ok; not judged: trace-completeness, orphan-publishes, silent-drops, clock-skew/,
    );
  });

  it("a configured source that fails still makes the verdict unknown", () => {
    const signals = healthySignals({ traces: failed("jaeger", "Jaeger refused the connection") });
    expect(analyseWorkflow(workflow, signals, { transitions: false }).status).toBe("unknown");
  });

  it("with no source at all, nothing is judged and the verdict says so", () => {
    const none = {
      ok: false as const,
      source: "prometheus",
      unconfigured: true,
      reason: "Prometheus is not configured",
    };
    const signals = healthySignals({
      state: { ok: false, source: "rabbitmq", unconfigured: true, reason: "RabbitMQ is not configured" },
      traces: { ok: false, source: "jaeger", unconfigured: true, reason: "Jaeger is not configured" },
      logs: { ok: false, source: "logs", unconfigured: true, reason: "the log store is not configured" },
    });
    for (const signal of SIGNALS) signals.history.signals[signal] = none;
    signals.history.drops = none;
    const result = analyseWorkflow(workflow, signals, { transitions: false });
    expect(result.status).toBe("unknown");
    expect(result.summary).toMatch(/^Nothing could be judged: /);
  });
});

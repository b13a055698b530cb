import { describe, expect, it } from "vitest";
import { analyseWorkflow, sourceReports } from "./analyse";
import { MIN, Q, T0, failed, healthySignals, makeWorkflow, setSeries, setState } from "./testing";

const workflow = makeWorkflow();

describe("analyseWorkflow on a healthy checkout", () => {
  const result = analyseWorkflow(workflow, healthySignals());

  it("says ok with every check ok", () => {
    expect(result.checks.map((c) => [c.id, c.status]).filter(([, s]) => s !== "ok")).toEqual([]);
    expect(result.status).toBe("ok");
  });

  it("returns the thirteen checks in a stable order", () => {
    expect(result.checks.map((c) => c.id)).toEqual([
      "consumers-alive",
      "acks-progressing",
      "throughput-balance",
      "backlog",
      "oldest-message-age",
      "dead-letters",
      "redeliveries",
      "unexpected-consumers",
      "trace-completeness",
      "orphan-publishes",
      "silent-drops",
      "clock-skew",
      "log-findings",
    ]);
  });

  it("has no transitions when nothing changes", () => {
    expect(result.transitions).toEqual([]);
  });
});

describe("verdict", () => {
  it("is unknown, never ok, when Prometheus is down", () => {
    const signals = healthySignals();
    const down = failed("prometheus", "Prometheus refused the connection at http://127.0.0.1:9/");
    for (const signal of Object.keys(signals.history.signals) as Array<keyof typeof signals.history.signals>)
      signals.history.signals[signal] = down;
    signals.history.drops = down;
    const result = analyseWorkflow(workflow, signals);
    expect(result.status).toBe("unknown");
    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    for (const id of ["acks-progressing", "throughput-balance", "backlog", "redeliveries"]) {
      expect(byId[id]!.status, id).toBe("unknown");
      expect(byId[id]!.reason, id).toContain("Prometheus refused the connection");
    }
    // Consumers still come from the broker snapshot: that check keeps its answer.
    expect(byId["consumers-alive"]!.status).toBe("ok");
  });

  it("is unknown when Jaeger is down, with the reason on each trace check", () => {
    const signals = healthySignals({
      traces: failed("jaeger", "Jaeger refused the connection at http://127.0.0.1:16686/"),
    });
    const result = analyseWorkflow(workflow, signals);
    expect(result.status).toBe("unknown");
    for (const c of result.checks.filter((c) => c.sources.includes("jaeger") && c.id !== "silent-drops")) {
      expect(c.status, c.id).toBe("unknown");
      expect(c.reason, c.id).toContain("Jaeger refused");
    }
  });

  it("is unknown when RabbitMQ rejects the credentials", () => {
    const signals = healthySignals({
      state: failed(
        "rabbitmq",
        "401 from RabbitMQ at http://127.0.0.1:15672/api/queues/%2F/x: check RABBITMQ_USER/RABBITMQ_PASSWORD",
      ),
    });
    const result = analyseWorkflow(workflow, signals);
    expect(result.status).toBe("unknown");
    const uc = result.checks.find((c) => c.id === "unexpected-consumers")!;
    expect(uc.status).toBe("unknown");
    expect(uc.reason).toContain("401 from RabbitMQ");
    expect(result.checks.find((c) => c.id === "dead-letters")!.status).toBe("unknown");
  });

  it("a found problem outranks an unknown elsewhere", () => {
    const signals = healthySignals({ traces: failed("jaeger", "Jaeger is down") });
    setState(signals, Q.inventory, { consumersN: 0 });
    expect(analyseWorkflow(workflow, signals).status).toBe("critical");
  });
});

describe("sourceReports", () => {
  it("marks a source down only when all its queries failed, degraded when some did", () => {
    const signals = healthySignals();
    signals.history.drops = failed("prometheus", "bad counter");
    signals.state = { ok: false, source: "rabbitmq", unconfigured: true, reason: "RabbitMQ is not configured" };
    const reports = sourceReports(signals);
    expect(reports).toEqual([
      { name: "prometheus", status: "degraded", message: "bad counter" },
      { name: "jaeger", status: "ok", message: "1 query answered" },
      { name: "rabbitmq", status: "unconfigured", message: "not configured: add sources.rabbitmq to asyncscope.yaml" },
      { name: "logs", status: "ok", message: "1 query answered" },
    ]);
  });

  it("marks a source that warned (a partial answer) degraded, with the warning", () => {
    const signals = healthySignals();
    const acked = signals.history.signals.acked;
    if (acked?.ok) acked.warnings = ["remote store eu-1 unavailable: partial response"];
    expect(sourceReports(signals)[0]).toEqual({
      name: "prometheus",
      status: "degraded",
      message: "8 queries answered, with warnings: remote store eu-1 unavailable: partial response",
      warnings: ["remote store eu-1 unavailable: partial response"],
    });
  });
});

describe("transitions", () => {
  it("timestamps the moment the notification consumer disappears", () => {
    // consumers on order_confirmed.notification over the 15-minute window:
    //   19:00 ───────── 1 ───────── 19:06 │ 0 ─────────────────────── 19:15
    const signals = healthySignals();
    const cutMs = T0 + 6 * MIN;
    setSeries(signals, "consumers", Q.notification, (ago) => (signals.window.toMs - ago >= cutMs ? 0 : 1));
    setState(signals, Q.notification, { consumersN: 0 });
    const result = analyseWorkflow(workflow, signals);
    const t = result.transitions.find((x) => x.checkId === "consumers-alive");
    expect(t).toMatchObject({ from: "ok", to: "critical" });
    expect(t!.firstJudged).toBeUndefined();
    // Judged every 75 s: the first instant at or after the cut.
    expect(t!.atMs).toBeGreaterThanOrEqual(cutMs);
    expect(t!.atMs).toBeLessThan(cutMs + 75_001);
    expect(result.transitions.find((x) => x.checkId === "verdict")).toMatchObject({
      from: "ok",
      to: "critical",
      atMs: t!.atMs,
    });
  });
});

describe("transitions of a check judged only at the present", () => {
  it("enters from unknown, marked first judged (it had no status before, not a failed source)", () => {
    const signals = healthySignals();
    setState(signals, Q.inventory, { consumerNames: ["inventory-service", "website-counter"] });
    const t = analyseWorkflow(workflow, signals).transitions.find((x) => x.checkId === "unexpected-consumers");
    expect(t).toMatchObject({ from: "unknown", to: "critical", firstJudged: true, atMs: signals.window.toMs });
  });
});

describe("transitions of a check unknown at the window's start", () => {
  // consumers on order_confirmed.notification: no series yet (a new exporter, or a Kafka rate
  // that needs a few samples), then 1, then 0:
  //   19:00 ·········(gap)········· 19:08 │ 1 ─────── 19:12 │ 0 ───── 19:15
  const signals = healthySignals();
  setSeries(signals, "consumers", Q.notification, (ago) => (ago > 7 * MIN ? undefined : ago > 3 * MIN ? 1 : 0));
  setState(signals, Q.notification, { consumersN: 0 });
  const transitions = analyseWorkflow(workflow, signals).transitions.filter((t) => t.checkId === "consumers-alive");

  it("enters the timeline at its first judgement only if that is news, and later changes chain from it", () => {
    // unknown → ok is its first judgement, and ok is not news: no entry. Then ok → critical.
    expect(transitions.map(({ from, to, firstJudged }) => ({ from, to, firstJudged }))).toEqual([
      { from: "ok", to: "critical", firstJudged: undefined },
    ]);
    expect(transitions[0]!.atMs).toBeGreaterThanOrEqual(T0 + 12 * MIN);
  });
});

describe("transitions and a capped trace sample", () => {
  it("leaves trace checks out where the sample does not reach, instead of flipping to unknown", () => {
    // traces:  ·············(none: Jaeger returned only the newest)··········|████ last 3 min
    const window = { fromMs: T0, toMs: T0 + 15 * MIN };
    const signals = healthySignals({ window });
    if (!signals.traces.ok) throw new Error("factory");
    const recent = signals.traces.value.traces.filter((t) => t.spans[0]!.startUs / 1000 >= T0 + 12 * MIN);
    signals.traces = {
      ok: true,
      value: { traces: recent, limit: recent.length, truncated: true, coveredFromMs: T0 + 12 * MIN, warnings: [] },
    };
    const result = analyseWorkflow(workflow, signals);
    expect(result.transitions).toEqual([]);
    expect(result.checks.find((c) => c.id === "trace-completeness")!.summary).toContain("sample capped");
  });
});

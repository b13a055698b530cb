import { describe, expect, it } from "vitest";
import {
  acksProgressing,
  backlog,
  consumersAlive,
  deadLetters,
  oldestMessageAge,
  redeliveries,
  throughputBalance,
  unexpectedConsumers,
} from "./broker-checks";
import type { AnalysisContext } from "./destination-view";
import {
  MIN,
  Q,
  T0,
  consumer,
  failed,
  healthySignals,
  key,
  makeState,
  makeWorkflow,
  setSeries,
  setState,
} from "./testing";
import type { Check, WorkflowSignals } from "./types";

const workflow = makeWorkflow();
const END = T0 + 15 * MIN;

function ctx(signals: WorkflowSignals): AnalysisContext {
  return { workflow, signals, atMs: signals.window.toMs, fromMs: signals.window.fromMs, historical: false };
}

function item(check: Check, subject: string) {
  return check.evidence.items.find((i) => i.subject === subject);
}

describe("consumers-alive", () => {
  it("critical when a queue has no consumer, saying since when", () => {
    // consumers on notification:  1 1 1 1 │ 0 0 0 0 0 0   (gone 6 minutes before the end)
    const s = healthySignals();
    setSeries(s, "consumers", Q.notification, (ago) => (ago > 6 * MIN ? 1 : 0));
    setState(s, Q.notification, { consumersN: 0 });
    const check = consumersAlive(ctx(s));
    expect(check.status).toBe("critical");
    expect(check.summary).toContain("No consumer on order_confirmed.notification since 2026-11-23T19:08:45.000Z");
    expect(item(check, Q.inventory)!.status).toBe("ok");
  });

  it("says so when a queue without a consumer declares none and is no TTL queue", () => {
    const s = healthySignals();
    setSeries(s, "consumers", Q.notification, () => 0);
    setState(s, Q.notification, { consumersN: 0 });
    const undeclared = makeWorkflow({
      destinations: [
        { queue: Q.notification, consumers: [] },
        { queue: Q.inventory, consumers: ["inventory-service"] },
        { queue: Q.retry, consumers: [] },
      ],
    });
    const check = consumersAlive({ ...ctx(s), workflow: undeclared });
    expect(check.status).toBe("critical");
    expect(item(check, Q.notification)!.text).toContain("none is declared for it in the config");
    expect(item(check, Q.retry)).toMatchObject({ status: "ok" });
  });

  it("unknown, not critical, for a queue that declares no consumer when RabbitMQ does not answer", () => {
    // The CI healthy period once met it: the management API timed out, Prometheus still said 0
    // consumers on the retry queue, and only the broker's settings say a TTL drains it.
    const retryDeclaresNone = makeWorkflow({
      destinations: [
        { queue: Q.notification, consumers: ["notification-service"] },
        { queue: Q.inventory, consumers: ["inventory-service"] },
        { queue: Q.retry, consumers: [] },
      ],
    });
    const s = healthySignals({ state: failed("rabbitmq", "RabbitMQ did not answer within 10 s") });
    setSeries(s, "consumers", Q.retry, () => 0);
    setSeries(s, "waiting", Q.retry, () => 4);
    const judge = () => consumersAlive({ ...ctx(s), workflow: retryDeclaresNone });
    expect.soft(item(judge(), Q.retry)).toMatchObject({ status: "unknown" });
    expect.soft(item(judge(), Q.retry)!.text).toContain("RabbitMQ did not answer within 10 s");
    expect.soft(judge().status).not.toBe("critical");
    // Every check that spares a delay queue cannot tell either: never acked, published to, never
    // drained, with messages older than the limit, it is still no alarm.
    setSeries(s, "acked", Q.retry, () => 0);
    setSeries(s, "published", Q.retry, () => 1);
    setSeries(s, "waiting", Q.retry, (ago) => Math.round(4 + (15 * MIN - ago) / MIN));
    const retryCtx = { ...ctx(s), workflow: retryDeclaresNone };
    for (const check of [acksProgressing, throughputBalance, backlog, oldestMessageAge]) {
      const judged = item(check(retryCtx), Q.retry);
      expect.soft(judged, check.name).toMatchObject({ status: "unknown" });
      expect.soft(judged!.text, check.name).toContain("whether it is a delay queue that a TTL drains cannot be told");
    }
    // A declared consumer lost is still an alarm from the metrics alone.
    setSeries(s, "consumers", Q.inventory, (ago) => (ago > 6 * MIN ? 1 : 0));
    expect(item(judge(), Q.inventory)).toMatchObject({ status: "critical" });
  });

  it("names a flapping consumer count as a crash loop", () => {
    // 1 0 1 0 1 0 1 … restarts every 30 s
    const s = healthySignals();
    setSeries(s, "consumers", Q.inventory, (ago) => (Math.floor(ago / 30_000) % 2 === 0 ? 1 : 0));
    const check = consumersAlive(ctx(s));
    expect(check.status).toBe("warning");
    expect(check.summary).toMatch(/flapping: the count dropped \d+ times/);
  });

  it("knows a TTL retry queue needs no consumer", () => {
    const check = consumersAlive(ctx(healthySignals()));
    expect(item(check, Q.retry)).toMatchObject({ status: "ok" });
    expect(item(check, Q.retry)!.text).toContain("delay queue");
  });

  it("critical when a declared queue does not exist", () => {
    const s = healthySignals();
    setState(s, Q.inventory, { exists: false });
    expect(consumersAlive(ctx(s)).summary).toContain("does not exist");
  });

  it("unknown (not ok) when both RabbitMQ and Prometheus fail", () => {
    const s = healthySignals({
      state: failed("rabbitmq", "401 from RabbitMQ"),
      signals: { consumers: failed("prometheus", "Prometheus refused the connection") },
    });
    const check = consumersAlive(ctx(s));
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain("Prometheus refused the connection");
  });
});

describe("a partial answer behind a check", () => {
  it("consumers-alive carries the warning and does not call a partial answer all clear", () => {
    const s = healthySignals({ state: failed("rabbitmq", "RabbitMQ did not answer within 10 s") });
    const consumers = s.history.signals.consumers;
    if (consumers?.ok) consumers.warnings = ["partial response: store eu-1 unavailable"];
    const check = consumersAlive(ctx(s));
    expect(check.status).toBe("unknown");
    expect(check.evidence.warnings).toEqual(["partial response: store eu-1 unavailable"]);
  });
});

describe("acks-progressing", () => {
  it("critical when messages wait and no ack for longer than noAckFor (5 min)", () => {
    // ready:  0 0 0 │ 4 9 14 …   acks: 75 75 75 │ 0 0 0 …   (stopped 7 minutes ago)
    const s = healthySignals();
    setSeries(s, "waiting", Q.notification, (ago) => (ago > 7 * MIN ? 0 : 40));
    setSeries(s, "acked", Q.notification, (ago) => (ago > 7 * MIN ? 75 : 0));
    setState(s, Q.notification, { waitingN: 40, consumerNames: ["notification-service"] });
    const check = acksProgressing(ctx(s));
    expect(check.status).toBe("critical");
    expect(check.summary).toMatch(
      /40 messages waiting on order_confirmed.notification and no ack since .* \(limit 5m 00s\)/,
    );
  });

  it("ok when acks stopped only 3 minutes ago (below the threshold)", () => {
    const s = healthySignals();
    setSeries(s, "acked", Q.notification, (ago) => (ago > 3 * MIN ? 75 : 0));
    setState(s, Q.notification, { waitingN: 40, consumerNames: ["notification-service"] });
    expect(acksProgressing(ctx(s)).status).toBe("ok");
  });

  it("a queue with nothing waiting is fine without acks", () => {
    const s = healthySignals();
    setSeries(s, "acked", Q.inventory, () => 0);
    expect(acksProgressing(ctx(s)).status).toBe("ok");
  });

  it("unknown with the reason when the ack series cannot be read", () => {
    const s = healthySignals();
    s.history.signals.acked = failed("prometheus", "503 from Prometheus");
    const check = acksProgressing(ctx(s));
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain("503 from Prometheus");
  });

  it("treats an absent channel series as no acks only when Prometheus does see the queue", () => {
    const s = healthySignals();
    const acked = s.history.signals.acked;
    if (acked?.ok) acked.value = acked.value.filter((x) => x.labels.destination !== key(Q.notification));
    setState(s, Q.notification, { waitingN: 12, consumersN: 0 });
    expect(acksProgressing(ctx(s)).status).toBe("critical");
    // …but without the queue's own series there is no telling.
    const waiting = s.history.signals.waiting;
    if (waiting?.ok) waiting.value = waiting.value.filter((x) => x.labels.destination !== key(Q.notification));
    const check = acksProgressing(ctx(s));
    expect(item(check, Q.notification)!.status).toBe("unknown");
  });
});

describe("throughput-balance", () => {
  it("critical when far fewer acks than publishes", () => {
    const s = healthySignals();
    setSeries(s, "acked", Q.inventory, () => 20);
    const check = throughputBalance(ctx(s));
    expect(check.status).toBe("critical");
    expect(item(check, Q.inventory)!.values).toMatchObject({ ackToPublishRatio: 0.267 });
  });

  it("warning at a 20% deficit (rejects)", () => {
    const s = healthySignals();
    setSeries(s, "acked", Q.inventory, () => 60);
    expect(throughputBalance(ctx(s)).status).toBe("warning");
  });

  it("more acks than publishes plus what waited before the window is said, as a note, not a warning", () => {
    // 75 published per step; 180 acked per step with nothing waiting: acks count something else.
    const s = healthySignals();
    setSeries(s, "acked", Q.notification, () => 180);
    const check = throughputBalance(ctx(s));
    expect(check.status).toBe("ok");
    const found = item(check, Q.notification)!;
    expect(found.status).toBe("ok");
    expect(found.values).toMatchObject({ kind: "acks-above-publishes", atStart: 0 });
    expect(found.text).toContain("more acks than messages");
    expect(found.text).toContain("the ack rate alone does not prove the work is done");
  });

  it("a backlog drained just before the window accounts for the acks: no note", () => {
    // Judged over the last 10 minutes: the first points are rates over the 2 minutes before
    // them, so a backlog emptied just before the start is in the acks, not in the waiting
    // count at the start.
    const s = healthySignals();
    setSeries(s, "acked", Q.notification, () => 180);
    const sub = { ...ctx(s), fromMs: s.window.toMs - 10 * MIN };
    const { acked, published } = item(throughputBalance(sub), Q.notification)!.values;
    const backlog = Number(acked) - Number(published);
    setSeries(s, "waiting", Q.notification, (ago) => (ago > 10 * MIN ? backlog : 0));
    expect(item(throughputBalance(sub), Q.notification)!.values.kind).toBeUndefined();
    // Had it been emptied long before, the acks would not be accounted for.
    setSeries(s, "waiting", Q.notification, (ago) => (ago > 13 * MIN ? backlog : 0));
    expect(item(throughputBalance(sub), Q.notification)!.values.kind).toBe("acks-above-publishes");
  });

  it("with the waiting count unreadable the note says why the acks cannot be accounted for", () => {
    const s = healthySignals({ signals: { waiting: failed("prometheus", "query timed out") } });
    setSeries(s, "acked", Q.notification, () => 180);
    const found = item(throughputBalance(ctx(s)), Q.notification)!;
    expect(found.status).toBe("ok");
    expect(found.text).toContain("cannot be read to account for the rest (query timed out)");
  });
});

describe("backlog", () => {
  it("STOP (critical) when the queue only grows and nothing is acked or delivered", () => {
    const s = healthySignals();
    setSeries(s, "waiting", Q.notification, (ago) => Math.round((15 * MIN - ago) / 1000));
    setSeries(s, "acked", Q.notification, () => 0);
    setSeries(s, "delivered", Q.notification, () => 0);
    setState(s, Q.notification, { waitingN: 900, consumersN: 0 });
    const check = backlog(ctx(s));
    expect(check.status).toBe("critical");
    expect(item(check, Q.notification)!.values.lagStatus).toBe("STOP");
    expect(check.summary).toContain("it is not draining");
  });

  it("WARN (warning) for a slow consumer: acks flow, backlog only grows", () => {
    const s = healthySignals();
    setSeries(s, "waiting", Q.inventory, (ago) => Math.round((15 * MIN - ago) / 10_000) + 1);
    setState(s, Q.inventory, { waitingN: 91, consumerNames: ["inventory-service"] });
    const check = backlog(ctx(s));
    expect(item(check, Q.inventory)!.values).toMatchObject({ lagStatus: "WARN" });
    expect(check.status).toBe("warning");
    // Arrivals (75 per step) outpace acks (75 per step): not draining, whatever the ack rate.
    expect(item(check, Q.inventory)!.values.timeToDrainSeconds).toBeNull();
    expect(check.summary).toContain("it is not draining");
  });
  it("time to drain uses the net rate (acks minus arrivals)", () => {
    // ready falls 300 → 0 over the last 2 minutes; 100 acked and 75 published per 15 s step.
    const s = healthySignals();
    setSeries(s, "waiting", Q.inventory, (ago) => (ago > 2 * MIN ? 300 : Math.round((ago / (2 * MIN)) * 300) + 1));
    setSeries(s, "acked", Q.inventory, () => 100);
    setState(s, Q.inventory, { waitingN: 120, consumerNames: ["inventory-service"] });
    const values = item(backlog(ctx(s)), Q.inventory)!.values;
    // net 25 per 15 s (1.667/s) → 120 / 1.667 ≈ 72 s
    expect(values.timeToDrainSeconds).toBeGreaterThanOrEqual(70);
    expect(values.timeToDrainSeconds).toBeLessThanOrEqual(75);
    expect(values.lagStatus).toBe("OK");
  });
});

describe("backlog without the publish rate", () => {
  it("says the drain is unknown rather than computing it from acks alone", () => {
    // Messages wait and acks flow, but the publish counter cannot be read: arrivals may outpace acks.
    const s = healthySignals({ signals: { published: failed("prometheus", "query timed out") } });
    setSeries(s, "waiting", Q.inventory, () => 120);
    setState(s, Q.inventory, { waitingN: 120, consumerNames: ["inventory-service"] });
    const values = item(backlog(ctx(s)), Q.inventory)!.values;
    expect(values).toMatchObject({ drain: "unknown", timeToDrainSeconds: null, publishRateHz: null });
    expect(values.ackRateHz).toBeGreaterThan(0);
  });
});

describe("oldest-message-age", () => {
  it("uses head_message_timestamp when the broker has it", () => {
    const s = healthySignals();
    setState(s, Q.notification, {
      waitingN: 5,
      consumerNames: ["notification-service"],
      oldestPublishedAtMs: END - 4 * MIN,
    });
    const check = oldestMessageAge(ctx(s));
    expect(check.status).toBe("warning");
    expect(item(check, Q.notification)!.values).toMatchObject({ ageSeconds: 240, estimated: false });
  });

  it("estimates (and says so) without a head timestamp", () => {
    const s = healthySignals();
    setSeries(s, "waiting", Q.notification, (ago) => (ago > 10 * MIN ? 0 : 30));
    setSeries(s, "acked", Q.notification, () => 0);
    setState(s, Q.notification, { waitingN: 30, consumerNames: ["notification-service"] });
    const check = oldestMessageAge(ctx(s));
    expect(item(check, Q.notification)!.values).toMatchObject({ estimated: true });
    expect(check.summary).toContain("(estimate)");
  });
});

describe("dead-letters", () => {
  it("per source queue: growth above the limit is a warning with the DLQ named", () => {
    const s = healthySignals();
    setSeries(s, "waiting", `${Q.inventory}.dlq`, (ago) => Math.round((15 * MIN - ago) / 60_000));
    if (s.state.ok) s.state.value.deadLetterStates[1] = makeState(`${Q.inventory}.dlq`, { waitingN: 15 });
    const check = deadLetters(ctx(s));
    expect(check.status).toBe("warning");
    const it = item(check, `${Q.inventory} → ${Q.inventory}.dlq`)!;
    expect(it.values).toMatchObject({ depth: 15, growthInWindow: 15 });
    expect(item(check, `${Q.notification} → ${Q.notification}.dlq`)!.status).toBe("ok");
  });

  it("old messages sitting in a DLQ are reported even when not growing", () => {
    const s = healthySignals();
    if (s.state.ok)
      s.state.value.deadLetterStates[0] = makeState(`${Q.notification}.dlq`, {
        waitingN: 6,
        oldestPublishedAtMs: END - 3 * 3600_000,
      });
    const check = deadLetters(ctx(s));
    expect(check.status).toBe("warning");
    expect(check.summary).toContain("6 messages sit in order_confirmed.notification.dlq, oldest 3h 00m");
  });
});

describe("dead-letters without the depth history", () => {
  it("says the growth is unknown, and why, instead of 'not growing'", () => {
    const s = healthySignals({ signals: { waiting: failed("prometheus", "Prometheus refused the connection") } });
    if (s.state.ok) s.state.value.deadLetterStates[1] = makeState(`${Q.inventory}.dlq`, { waitingN: 4 });
    const check = deadLetters(ctx(s));
    const dlq = item(check, `${Q.inventory} → ${Q.inventory}.dlq`)!;
    expect(dlq.status).toBe("warning");
    expect(dlq.text).toContain("growth unknown (Prometheus refused the connection)");
    expect(dlq.text).not.toContain("not growing");
    expect(dlq.values).toMatchObject({ depth: 4, growthInWindow: null, perMinute: null });
  });
});

describe("redeliveries", () => {
  it("a requeue storm is critical", () => {
    const s = healthySignals();
    setSeries(s, "redelivered", Q.inventory, () => 60);
    expect(redeliveries(ctx(s)).summary).toContain("Requeue storm on order_confirmed.inventory");
  });
});

describe("the broker's own lag verdict (Kafka: Burrow's rules over its samples)", () => {
  const withVerdict = (s: WorkflowSignals, status: "OK" | "STALL" | "REWIND", reason: string) => {
    if (!s.state.ok) throw new Error("the broker failed");
    const state = s.state.value.destinations.find((d) => d.ref.key === key(Q.inventory))!;
    state.lagVerdict = { value: { status, reason }, atMs: s.state.value.atMs, from: "Kafka admin API" };
  };

  it("names STALL as critical even where the history says OK", () => {
    const s = healthySignals();
    withVerdict(s, "STALL", "partition 0 STALL: a member is assigned, but offset 7 has not moved in 15 s");
    const check = backlog(ctx(s));
    expect(check.status).toBe("critical");
    expect(item(check, Q.inventory)!.values).toMatchObject({ lagStatus: "STALL", judgedBy: "broker" });
    expect(check.summary).toContain("offset 7 has not moved");
  });

  it("REWIND is a warning", () => {
    const s = healthySignals();
    withVerdict(s, "REWIND", "partition 1 REWIND: committed offset went back from 90 to 0");
    expect(backlog(ctx(s)).status).toBe("warning");
  });

  it("stands in for a history Prometheus does not have, and only then", () => {
    const s = healthySignals();
    s.history.signals.waiting = failed("prometheus", "no kafka_exporter series") as never;
    withVerdict(s, "OK", "every judged partition caught up in the window");
    const check = backlog(ctx(s));
    expect(item(check, Q.inventory)!.status).toBe("ok");
    expect(item(check, Q.inventory)!.values.judgedBy).toBe("broker");
    // The other queues have no verdict of their own: still unknown, not made ok.
    expect(item(check, Q.notification)!.status).toBe("unknown");
  });
});

describe("unexpected-consumers", () => {
  it("critical for a reader outside the destination's own consumers (an undeclared Kafka group)", () => {
    const s = healthySignals();
    if (!s.state.ok) throw new Error("the broker failed");
    const state = s.state.value.destinations.find((d) => d.ref.key === key(Q.inventory))!;
    const plain = consumer("reporting-job");
    const reporting = { ...plain, attributes: { ...plain.attributes, group: "reporting" } };
    state.otherConsumers = { value: [reporting], atMs: s.state.value.atMs, from: "Kafka admin API" };
    const check = unexpectedConsumers(ctx(s));
    expect(check.status).toBe("critical");
    expect(check.summary).toContain("reporting-job (group reporting)");
  });

  it("critical for an undeclared consumer (the website counter on the inventory queue)", () => {
    const s = healthySignals();
    setState(s, Q.inventory, { consumerNames: ["inventory-service", "website-counter"] });
    const check = unexpectedConsumers(ctx(s));
    expect(check.status).toBe("critical");
    expect(check.summary).toContain("Undeclared consumer website-counter on order_confirmed.inventory");
  });

  it("warns about a consumer whose connection has no name", () => {
    const s = healthySignals();
    setState(s, Q.inventory, { consumerNames: ["inventory-service", "10.0.0.7:51234 -> 10.0.0.2:5672"] });
    expect(unexpectedConsumers(ctx(s)).status).toBe("warning");
  });

  it("accepts declared names with an instance suffix", () => {
    const s = healthySignals();
    setState(s, Q.inventory, { consumerNames: ["inventory-service-7f9c"] });
    expect(unexpectedConsumers(ctx(s)).status).toBe("ok");
  });

  it("a client that sets no connection name is not undeclared when the config declares it by another identity", () => {
    // amqplib sends no connection_name by default: RabbitMQ shows only its generated name.
    const anonymous = consumer("10.0.3.7:51234 -> 10.0.0.2:5672", 1, { product: "amqplib", peerHost: "10.0.3.7" });
    const s = healthySignals();
    setState(s, Q.inventory, { consumers: [consumer("inventory-service"), anonymous] });
    const byIdentity = makeWorkflow({
      destinations: [
        { queue: Q.notification, consumers: ["notification-service"] },
        { queue: Q.inventory, consumers: ["inventory-service", { product: "amqplib", peerHost: "10.0.3.*" }] },
        { queue: Q.retry, consumers: [] },
      ],
    });
    expect(unexpectedConsumers({ ...ctx(s), workflow: byIdentity }).status).toBe("ok");
    // Declared by name only, the same consumer cannot be told apart: said, not called a thief.
    const check = unexpectedConsumers(ctx(s));
    expect(check.status).toBe("warning");
    expect(check.summary).toContain("known only by a name the broker made up");
    // A host the glob does not cover is someone else's.
    setState(s, Q.inventory, {
      consumers: [consumer("billing-sync", 2, { product: "amqplib", peerHost: "10.9.0.1" })],
    });
    expect(unexpectedConsumers({ ...ctx(s), workflow: byIdentity }).summary).toContain(
      "Undeclared consumer billing-sync on order_confirmed.inventory",
    );
  });

  it("is not a question for the past", () => {
    const s = healthySignals();
    const check = unexpectedConsumers({ ...ctx(s), historical: true });
    expect(check).toMatchObject({ status: "unknown", matters: false });
  });
});

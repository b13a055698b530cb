// The metric plan and alert signals on redis_exporter's series. Which names Debian's 1.45
// actually exposes is read from a scrape of it (tests/fixtures/redis-streams/*.prom, how it was
// taken is at its top), so a renamed default shows here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_NAMES, overLimitRef, redisDestinationSchema, redisSourceSchema, streamRef } from "./config";
import { SignalNotExportedError } from "../alert-signal-gap";
import { redisAlertSignals } from "./alert-signals";
import { redisMetricPlan } from "./metric-plan";

const scrape = fs.readFileSync(
  path.join(process.cwd(), "tests/fixtures/redis-streams/redis-exporter-1.45-check-streams.prom"),
  "utf8",
);
const exposed = new Set([...scrape.matchAll(/^(redis_\w+)\{/gm)].map((m) => m[1]));
const destinations = [
  redisDestinationSchema.parse({ stream: "checkout.order_confirmed", group: "notification", consumers: [] }),
  redisDestinationSchema.parse({ stream: "checkout.order_confirmed", group: "inventory", consumers: [] }),
];
const labels = { db: "db0", stream: "checkout.order_confirmed", group: "inventory" };

describe("redisMetricPlan", () => {
  const plan = redisMetricPlan(destinations, { stepSeconds: 10, rateRangeSeconds: 12 }, undefined);
  const query = (signal: string) => plan.queries.find((q) => q.signal === signal)!;

  it("reads redis_exporter 1.45's pending and consumer series; lag and entries-read need a newer exporter", () => {
    expect(exposed.has(DEFAULT_METRIC_NAMES.inFlight)).toBe(true);
    expect(exposed.has(DEFAULT_METRIC_NAMES.consumers)).toBe(true);
    expect(exposed.has(DEFAULT_METRIC_NAMES.deadLetterLength)).toBe(true);
    // Not in 1.45 (docs/redis-streams.md): these signals are gaps until the exporter is upgraded.
    expect(exposed.has(DEFAULT_METRIC_NAMES.waiting)).toBe(false);
    expect(exposed.has(DEFAULT_METRIC_NAMES.delivered)).toBe(false);
    expect(query("inFlight").expr([])).toBe(
      'redis_stream_group_messages_pending{stream=~"checkout\\\\.order_confirmed",group=~"notification|inventory"}',
    );
  });

  it("maps a series to its stream@group, and a dead-letter stream's length to the stream", () => {
    expect(plan.destinationOf(labels, "inFlight")).toBe("checkout.order_confirmed@inventory");
    expect(plan.destinationOf({ db: "db0", stream: "orders.dlq" }, "waiting")).toBe("orders.dlq");
    expect(plan.destinationOf({ db: "db0", stream: "orders.dlq" }, "inFlight")).toBeUndefined();
    expect(query("waiting").expr([streamRef("orders.dlq")])).toBe(
      'redis_stream_group_lag{stream=~"checkout\\\\.order_confirmed",group=~"notification|inventory"} or redis_stream_length{stream=~"orders\\\\.dlq"}',
    );
  });

  it("reads entries-read as the delivered counter, per step, and has no query for what the exporter lacks", () => {
    expect(query("delivered").expr([])).toBe(
      'sum by (stream, group) (rate(redis_stream_group_entries_read{stream=~"checkout\\\\.order_confirmed",group=~"notification|inventory"}[12s])) * 10',
    );
    expect(plan.queries.map((q) => q.signal).sort()).toEqual(["consumers", "delivered", "inFlight", "waiting"]);
    expect(plan.absentCounter).toBe("unknown");
  });

  it("takes metric names from the source config", () => {
    const config = redisSourceSchema.parse({ url: "redis://r:6379", metricNames: { inFlight: "my_pending" } });
    const renamed = redisMetricPlan(destinations, { stepSeconds: 10, rateRangeSeconds: 12 }, config);
    expect(renamed.queries.find((q) => q.signal === "inFlight")!.expr([])).toMatch(/^my_pending\{/);
  });
});

describe("redisAlertSignals", () => {
  const signals = redisAlertSignals(undefined);
  const refs = destinations.map((d) => d.ref);
  it("labels every result stream + group", () => {
    expect(signals.gauge("consumers", refs)).toBe(
      'sum by (stream, group) (redis_stream_group_consumers{stream=~"checkout\\\\.order_confirmed",group=~"notification|inventory"})',
    );
    // Pending, not lag: Debian's redis_exporter 1.45 has no lag series, and presence must not
    // read a healthy group as missing.
    expect(signals.presence(refs[1]!)).toBe(
      'redis_stream_group_messages_pending{stream="checkout.order_confirmed",group="inventory"}',
    );
  });
  it("refuses, with the reason, a rule on a signal redis_exporter does not export", () => {
    expect(() => signals.increase("acked", refs, 300)).toThrow(/redis_exporter has no series for "acked"/);
    expect(() => signals.gauge("oldestTimestamp", refs, "min")).toThrow(SignalNotExportedError);
  });
  it("reads a dead-letter stream's depth as its length, and has no series for entries past a delivery limit", () => {
    expect(signals.gauge("waiting", [streamRef("checkout.order_confirmed.dlq")])).toBe(
      'sum by (stream, group) (redis_stream_length{stream=~"checkout\\\\.order_confirmed\\\\.dlq"})',
    );
    expect(() => signals.gauge("waiting", [overLimitRef("checkout.order_confirmed", "inventory", 5)])).toThrow(
      /entries past a delivery limit/,
    );
  });
});

describe("redis-streams config", () => {
  it("keeps credentials out of the URL and asks for a dead-letter stream or a delivery limit", () => {
    expect(redisSourceSchema.safeParse({ url: "redis://:secret@r:6379" }).success).toBe(false);
    expect(redisSourceSchema.safeParse({ url: "http://r:6379" }).success).toBe(false);
    const parsed = redisSourceSchema.parse({ url: "rediss://r:6380", consumerIdleAfter: "1m" });
    expect([parsed.consumerIdleAfter, parsed.stuckAfter]).toEqual([60, 60]);
    expect(redisDestinationSchema.safeParse({ stream: "s", group: "g", consumers: [], deadLetter: {} }).success).toBe(
      false,
    );
    expect(
      redisDestinationSchema.safeParse({ stream: "s", group: "g", consumers: [{ connectionName: "x" }] }).success,
    ).toBe(false);
    expect(
      redisDestinationSchema.parse({ stream: "s", group: "g", consumers: [{ consumer: "w-*" }] }).consumers,
    ).toEqual([{ consumer: "w-*" }]);
  });
});

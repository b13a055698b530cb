// Contract: the default names are prometheus-nats-exporter's -jsz names, with the labels it
// gives (transcribed from its collector/jsz.go: tests/fixtures/nats/SOURCES.md).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { natsAlertSignals } from "./alert-signals";
import { DEFAULT_METRIC_NAMES, natsDestinationSchema, natsSourceSchema } from "./config";
import { natsMetricPlan } from "./metric-plan";
import { deadLetterRef } from "./snapshot";
import { SignalNotExportedError } from "../alert-signal-gap";
import { fixturePath } from "./testing";

const lines = fs.readFileSync(fixturePath("exporter-jsz-metric-names.txt"), "utf8").trim().split("\n");
const labels = new Map(
  lines.filter((l) => l.startsWith("#labels")).map((l) => [l.split(" ")[1]!, l.split(" ").slice(2)] as const),
);
const families = new Map(
  lines.filter((l) => !l.startsWith("#")).map((l) => [l.split(" ")[0]!, labels.get(l.split(" ")[1]!)!] as const),
);

const destinations = [
  natsDestinationSchema.parse({ stream: "ORDERS", consumer: "notification" }),
  natsDestinationSchema.parse({ stream: "ORDERS", consumer: "inventory" }),
];
const window = { stepSeconds: 10, rateRangeSeconds: 30 };

describe("prometheus-nats-exporter contract", () => {
  it.each(Object.entries(DEFAULT_METRIC_NAMES))("%s reads %s, which the exporter writes", (_signal, name) => {
    expect(families.has(name)).toBe(true);
    expect(families.get(name)).toContain("stream_name");
  });

  it("selects and groups by the exporter's stream_name and consumer_name labels", () => {
    expect(families.get(DEFAULT_METRIC_NAMES.waiting)).toContain("consumer_name");
    const plan = natsMetricPlan(destinations, window, undefined);
    const waiting = plan.queries.find((q) => q.signal === "waiting")!;
    expect(waiting.expr([])).toBe(
      'sum by (stream_name, consumer_name) (jetstream_consumer_num_pending{stream_name=~"ORDERS",consumer_name=~"notification|inventory"})',
    );
    expect(plan.destinationOf({ stream_name: "ORDERS", consumer_name: "inventory" }, "waiting")).toBe(
      "ORDERS/inventory",
    );
  });

  it("reads consumers as 'someone is pulling' (num_waiting clamped to 1), not as pull requests", () => {
    // A healthy pull consumer's outstanding pulls go 7, 6, 7 as each is served and renewed; read
    // as a consumer count, every dip was a consumer lost and the lab's healthy period saw a crash loop.
    const consumers = natsMetricPlan(destinations, window, undefined).queries.find((q) => q.signal === "consumers")!;
    expect(consumers.expr([])).toBe(
      'clamp_max(sum by (stream_name, consumer_name) (jetstream_consumer_num_waiting{stream_name=~"ORDERS",consumer_name=~"notification|inventory"}), 1)',
    );
  });

  it("reads delivery and ack sequences as counters per step, and names are configurable", () => {
    const config = natsSourceSchema.parse({
      monitorUrl: "http://127.0.0.1:8222",
      metricNames: { acked: "my_ack_floor" },
    });
    const acked = natsMetricPlan(destinations, window, config).queries.find((q) => q.signal === "acked")!;
    expect(acked.perSecond!()).toBe(
      'sum by (stream_name, consumer_name) (rate(my_ack_floor{stream_name=~"ORDERS",consumer_name=~"notification|inventory"}[30s]))',
    );
    expect(acked.expr([])).toBe(`${acked.perSecond!()} * 10`);
  });

  it("has no oldest-timestamp query unless a series is named: the exporter has none", () => {
    const plan = natsMetricPlan(destinations, window, undefined);
    expect(plan.queries.map((q) => q.signal)).not.toContain("oldestTimestamp");
  });

  it("a stream-wide series belongs to a destination only when the stream has one declared consumer", () => {
    const plan = natsMetricPlan(destinations, window, undefined);
    expect(plan.destinationOf({ stream_name: "ORDERS" }, "published")).toBeUndefined();
    const one = natsMetricPlan(destinations.slice(0, 1), window, undefined);
    expect(one.destinationOf({ stream_name: "ORDERS" }, "published")).toBe("ORDERS/notification");
  });

  it("alert signals label every result by stream and consumer", () => {
    const signals = natsAlertSignals(undefined);
    const refs = destinations.map((d) => d.ref);
    expect(signals.gauge("waiting", refs)).toMatch(
      /^sum by \(stream_name, consumer_name\) \(jetstream_consumer_num_pending\{/,
    );
    expect(signals.increase("published", refs, 300)).toContain("group_right");
    expect(signals.presence(refs[0]!)).toBe(
      'jetstream_consumer_num_pending{stream_name="ORDERS",consumer_name="notification"}',
    );
  });

  it("has no series for a dead-letter destination (max-deliveries advisories): the rule is skipped, not broken", () => {
    const signals = natsAlertSignals(undefined);
    const deadLetters = deadLetterRef("ASYNCSCOPE_DEAD_LETTERS", destinations[0]!.ref);
    expect(() => signals.gauge("waiting", [deadLetters])).toThrow(SignalNotExportedError);
  });
});

// The Prometheus source and RabbitMQ's metric plan against the lab (npm run test:lab): the
// queries the app sends, answered by the real rabbitmq_prometheus through the real Prometheus.
import { describe, expect, it } from "vitest";
import { createPrometheusSource } from "@/lib/sources/prometheus/client";
import { METRIC_POINTS, prometheusMetricReader } from "@/lib/sources/prometheus/history";
import { SourceError } from "@/lib/sources/errors";
import { rabbitDestinationSchema } from "@/lib/sources/rabbitmq/config";
import { rabbitMetricPlan } from "@/lib/sources/rabbitmq/metric-plan";

const prom = createPrometheusSource({ url: "http://127.0.0.1:9090", timeoutMs: 5_000 });
const destinations = ["order_confirmed.notification", "order_confirmed.inventory"].map((queue) =>
  rabbitDestinationSchema.parse({ queue, consumers: [] }),
);

describe("Prometheus source (lab)", () => {
  it("health names the version", async () => {
    expect(await prom.health()).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it("every query of RabbitMQ's metric plan answers per queue, labelled with its destination", async () => {
    // The lab scrapes every 2 s (lab/config.ts scrapeIntervalSeconds).
    const reader = prometheusMetricReader(prom, 2);
    const now = Date.now();
    const range = reader.range({ fromMs: now - 10 * 60_000, toMs: now }, 15 * 60_000);
    const plan = rabbitMetricPlan(destinations, range, undefined);
    const keys = destinations.map((d) => d.ref.key).sort();
    for (const query of plan.queries) {
      // The head timestamp exists only while a queue holds messages; every other signal per queue.
      if (query.signal === "oldestTimestamp") continue;
      const answer = (await reader.signal(query, plan, [], range))!;
      expect(answer.series.map((s) => s.labels.destination).sort(), query.signal).toEqual(keys);
      for (const series of answer.series) expect(series.points.length).toBeLessThanOrEqual(METRIC_POINTS);
    }
    const consumers = (await reader.signal(
      plan.queries.find((q) => q.signal === "consumers")!,
      plan,
      [],
      range,
    ))!;
    expect(consumers.series.every((s) => s.points.at(-1)!.value >= 1)).toBe(true);
  });

  it("hostile queue names neither break nor widen the query", async () => {
    const hostile = ['a"b\\c', ".*"].map((queue) => rabbitDestinationSchema.parse({ queue, consumers: [] }));
    const plan = rabbitMetricPlan(hostile, { stepSeconds: 15, rateRangeSeconds: 30 }, undefined);
    const result = await prom.query(plan.queries.find((q) => q.signal === "waiting")!.expr([]));
    expect(result.series).toEqual([]);
  });

  it("a bad query is a 400 SourceError quoting Prometheus, not retried", async () => {
    const error = await prom.query("up{").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).status).toBe(400);
    expect((error as SourceError).detail).toMatch(/^bad_data: /);
  });
});

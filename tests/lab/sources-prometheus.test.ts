// The Prometheus source and the rabbitmq_prometheus queries against the lab (npm run test:lab).
import { describe, expect, it } from "vitest";
import { createPrometheusSource } from "@/lib/sources/prometheus/client";
import { SourceError } from "@/lib/sources/errors";
import { queueGaugesNow, queueKey, queueSeries } from "@/lib/sources/rabbitmq/metrics";
import { queueGaugeQuery } from "@/lib/sources/rabbitmq/promql";

const prom = createPrometheusSource({ url: "http://127.0.0.1:9090", timeoutMs: 5_000 });
const queues = [
  { vhost: "/", name: "order_confirmed.notification" },
  { vhost: "/", name: "order_confirmed.inventory" },
];

describe("Prometheus source (lab)", () => {
  it("health names the version", async () => {
    expect(await prom.health()).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it("current per-queue gauges from rabbitmq_prometheus say where they came from", async () => {
    const now = await queueGaugesNow(prom, queues);
    const notification = now.get(queueKey(queues[0]!));
    expect(notification?.consumers).toEqual({ value: 1, from: "rabbitmq_prometheus" });
    expect(notification?.ready?.from).toBe("rabbitmq_prometheus");
  });

  it("range series per queue, points bounded by the chart width, cluster join works", async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 10 * 60_000);
    const result = await queueSeries(prom, queues, { start, end, widthPx: 50, rateWindowS: 60 });
    expect(result.from).toBe("rabbitmq_prometheus");
    for (const series of result.results.ready.series) expect(series.points.length).toBeLessThanOrEqual(50);
    expect(result.results.ackHz.series.map((s) => s.labels.queue).sort()).toEqual(queues.map((q) => q.name).sort());
    expect(result.results.publishHz.series.every((s) => s.labels.vhost === "/")).toBe(true);
    const [identity] = (await prom.query("rabbitmq_identity_info")).series;
    const cluster = identity!.labels.rabbitmq_cluster!;
    const joined = await prom.query(queueGaugeQuery("consumers", queues, { cluster }));
    expect(joined.series).toHaveLength(2);
    expect((await prom.query(queueGaugeQuery("consumers", queues, { cluster: `${cluster}-other` }))).series).toEqual(
      [],
    );
  });

  it("hostile queue names neither break nor widen the query", async () => {
    const result = await prom.query(
      queueGaugeQuery("ready", [
        { vhost: "/", name: 'a"b\\c' },
        { vhost: "/", name: ".*" },
      ]),
    );
    expect(result.series).toEqual([]);
  });

  it("a bad query is a 400 SourceError quoting Prometheus, not retried", async () => {
    const error = await prom.query("up{").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).status).toBe(400);
    expect((error as SourceError).detail).toMatch(/^bad_data: /);
  });
});

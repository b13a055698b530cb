import "server-only";
// Per-queue numbers over time from rabbitmq_prometheus, through the Prometheus source. Every
// result says it came from rabbitmq_prometheus, so a page can show where a number came from
// next to the management API's snapshot.
import type { Sourced } from "@/lib/domain/broker";
import type { SeriesResult } from "@/lib/domain/series";
import type { PrometheusSource, RangeOptions } from "../prometheus/client";
import {
  QUEUE_GAUGES,
  queueAckRateQuery,
  queueDeliverRateQuery,
  queueGaugeQuery,
  queuePublishRateQuery,
  queueRedeliverRateQuery,
  type QueueGauge,
  type QueueRef,
  type RabbitPromOptions,
} from "./promql";

export type QueueSeriesName = QueueGauge | "publishHz" | "deliverHz" | "ackHz" | "redeliverHz";

export interface QueueSeries {
  from: "rabbitmq_prometheus";
  /** One result per measure; each series is labelled {vhost, queue}. */
  results: Record<QueueSeriesName, SeriesResult>;
}

export const queueKey = (q: QueueRef) => `${q.vhost}\u0000${q.name}`;

/** Range queries for every per-queue measure, run in parallel (one query per measure for all queues). */
export async function queueSeries(
  prom: PrometheusSource,
  queues: readonly QueueRef[],
  opts: RangeOptions & RabbitPromOptions & { rateWindowS?: number },
): Promise<QueueSeries> {
  const windowS = opts.rateWindowS ?? 60;
  const queries: Record<QueueSeriesName, string> = {
    ...(Object.fromEntries(
      (Object.keys(QUEUE_GAUGES) as QueueGauge[]).map((g) => [g, queueGaugeQuery(g, queues, opts)]),
    ) as Record<QueueGauge, string>),
    publishHz: queuePublishRateQuery(queues, windowS, opts),
    deliverHz: queueDeliverRateQuery(queues, windowS, opts),
    ackHz: queueAckRateQuery(queues, windowS, opts),
    redeliverHz: queueRedeliverRateQuery(queues, windowS, opts),
  };
  const entries = await Promise.all(
    Object.entries(queries).map(async ([name, expr]) => [name, await prom.queryRange(expr, opts)] as const),
  );
  return { from: "rabbitmq_prometheus", results: Object.fromEntries(entries) as Record<QueueSeriesName, SeriesResult> };
}

export type QueueGaugesNow = Partial<Record<QueueGauge, Sourced<number>>>;

/**
 * Current gauge values per queue (key: `queueKey`). A NaN sample (no timestamped message for
 * head_message_timestamp) and a missing series are both absent, never 0.
 */
export async function queueGaugesNow(
  prom: PrometheusSource,
  queues: readonly QueueRef[],
  opts: RabbitPromOptions & { time?: Date } = {},
): Promise<Map<string, QueueGaugesNow>> {
  const gauges = Object.keys(QUEUE_GAUGES) as QueueGauge[];
  const results = await Promise.all(
    gauges.map((g) => prom.query(queueGaugeQuery(g, queues, opts), { time: opts.time })),
  );
  const out = new Map<string, QueueGaugesNow>();
  results.forEach((result, i) => {
    const gauge = gauges[i]!;
    for (const series of result.series) {
      const value = series.points.at(-1)?.value;
      const vhost = series.labels.vhost;
      const queue = series.labels.queue;
      if (value === undefined || Number.isNaN(value) || vhost === undefined || queue === undefined) continue;
      const key = queueKey({ vhost, name: queue });
      out.set(key, { ...out.get(key), [gauge]: { value, from: "rabbitmq_prometheus" } });
    }
  });
  return out;
}

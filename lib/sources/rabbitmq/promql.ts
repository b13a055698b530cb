// PromQL for per-queue series from rabbitmq_prometheus, as the lab's real broker exposes them:
//   - per-queue series exist only on /metrics/per-object (or /metrics/detailed); the aggregated
//     /metrics endpoint has the same metric names WITHOUT queue labels. Exact `queue`/`vhost`
//     matchers select the per-object series and never the aggregate.
//   - gauges (rabbitmq_queue_messages_ready, …) carry {vhost, queue};
//   - rabbitmq_queue_messages_published_total carries {queue_vhost, queue, exchange, channel}
//     (note: queue_vhost, not vhost), one series per publishing channel and exchange;
//   - acks and deliveries are channel metrics {vhost, queue, channel}: rabbitmq_channel_messages_acked_total,
//     rabbitmq_channel_messages_delivered_ack_total, …;
//   - rabbitmq_queue_head_message_timestamp is NaN when the publisher sets no timestamp.
// A broker scraped by two jobs (aggregated and per-object) exposes some series twice;
// `max without (job)` removes such duplicates before anything is summed.
// The cluster filter joins rabbitmq_identity_info (as the official Grafana dashboard does), because the queue metrics carry no cluster label themselves.
import { byLabels, duration, eq, oneOf, promString, selector, type Matcher } from "../prometheus/promql";

export interface QueueRef {
  vhost: string;
  name: string;
}

export interface RabbitPromOptions {
  /** rabbitmq_cluster as in rabbitmq_identity_info; omit with a single cluster. */
  cluster?: string;
  /** Extra matchers for every selector (e.g. { job: eq("rabbitmq-per-object") }). */
  matchers?: Readonly<Record<string, Matcher>>;
}

export const QUEUE_GAUGES = {
  ready: "rabbitmq_queue_messages_ready",
  unacked: "rabbitmq_queue_messages_unacked",
  total: "rabbitmq_queue_messages",
  consumers: "rabbitmq_queue_consumers",
  consumerUtilisation: "rabbitmq_queue_consumer_utilisation",
  headMessageTimestampS: "rabbitmq_queue_head_message_timestamp",
} as const;
export type QueueGauge = keyof typeof QUEUE_GAUGES;

/** Groups queues by vhost so N queues cost one selector per vhost, not N. */
function queueSelectors(
  metric: string,
  queues: readonly QueueRef[],
  vhostLabel: string,
  opts: RabbitPromOptions,
): string[] {
  if (queues.length === 0) throw new RangeError("at least one queue is needed");
  const byVhost = new Map<string, string[]>();
  for (const q of queues) byVhost.set(q.vhost, [...(byVhost.get(q.vhost) ?? []), q.name]);
  return [...byVhost].map(([vhost, names]) =>
    selector(metric, {
      ...opts.matchers,
      [vhostLabel]: eq(vhost),
      queue: names.length === 1 ? eq(names[0]!) : oneOf(...names),
    }),
  );
}

function withCluster(expr: string, opts: RabbitPromOptions): string {
  if (opts.cluster === undefined) return expr;
  // Joined on instance only, after deduplicating identity_info across scrape jobs: the rate
  // queries have already dropped `job` (max without (job)) by the time they are joined.
  return `(${expr} * on (instance) group_left (rabbitmq_cluster) max by (instance, rabbitmq_cluster) (${selector("rabbitmq_identity_info", { rabbitmq_cluster: eq(opts.cluster) })}))`;
}

function union(parts: string[]): string {
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(" or ");
}

/** One series per queue: the gauge's current value (`max` removes duplicate scrapes). */
export function queueGaugeQuery(gauge: QueueGauge, queues: readonly QueueRef[], opts: RabbitPromOptions = {}): string {
  const parts = queueSelectors(QUEUE_GAUGES[gauge], queues, "vhost", opts).map((sel) => withCluster(sel, opts));
  return `max ${byLabels(["vhost", "queue"])} (${union(parts)})`;
}

/** Messages published into each queue per second (label renamed from queue_vhost to vhost). */
export function queuePublishRateQuery(
  queues: readonly QueueRef[],
  windowS: number,
  opts: RabbitPromOptions = {},
): string {
  const parts = queueSelectors("rabbitmq_queue_messages_published_total", queues, "queue_vhost", opts).map(
    (sel) => `max without (job) (rate(${sel}[${duration(windowS)}]))`,
  );
  const summed = `sum ${byLabels(["queue_vhost", "queue"])} (${withCluster(union(parts), opts)})`;
  return `label_replace(${summed}, "vhost", "$1", "queue_vhost", ${promString("(.*)")})`;
}

/** Acks per second for each queue, over all consuming channels (Burrow's "position" moves with it). */
export function queueAckRateQuery(queues: readonly QueueRef[], windowS: number, opts: RabbitPromOptions = {}): string {
  return channelRate("rabbitmq_channel_messages_acked_total", queues, windowS, opts);
}

/** Deliveries to consumers in manual-ack mode per second, per queue. */
export function queueDeliverRateQuery(
  queues: readonly QueueRef[],
  windowS: number,
  opts: RabbitPromOptions = {},
): string {
  return channelRate("rabbitmq_channel_messages_delivered_ack_total", queues, windowS, opts);
}

/** Redeliveries per second, per queue (a consumer rejecting or crashing before the ack). */
export function queueRedeliverRateQuery(
  queues: readonly QueueRef[],
  windowS: number,
  opts: RabbitPromOptions = {},
): string {
  return channelRate("rabbitmq_channel_messages_redelivered_total", queues, windowS, opts);
}

/** Cumulative acks per queue (Burrow's position). Counters restart with channels; compare with care. */
export function queueAckCountQuery(queues: readonly QueueRef[], opts: RabbitPromOptions = {}): string {
  const parts = queueSelectors("rabbitmq_channel_messages_acked_total", queues, "vhost", opts).map(
    (sel) => `max without (job) (${sel})`,
  );
  return `sum ${byLabels(["vhost", "queue"])} (${withCluster(union(parts), opts)})`;
}

function channelRate(metric: string, queues: readonly QueueRef[], windowS: number, opts: RabbitPromOptions): string {
  const parts = queueSelectors(metric, queues, "vhost", opts).map(
    (sel) => `max without (job) (rate(${sel}[${duration(windowS)}]))`,
  );
  return `sum ${byLabels(["vhost", "queue"])} (${withCluster(union(parts), opts)})`;
}

export type DeadLetterReason = "rejected" | "expired" | "maxlen" | "delivery_limit";

/**
 * Dead-lettered messages per second for the whole broker, by reason. rabbitmq_prometheus has
 * no per-queue dead-letter counter; per-queue DLQ growth comes from the DLQ's own depth.
 */
export function deadLetterRateQuery(
  windowS: number,
  opts: RabbitPromOptions & { reason?: DeadLetterReason } = {},
): string {
  const reasons: DeadLetterReason[] = opts.reason ? [opts.reason] : ["rejected", "expired", "maxlen", "delivery_limit"];
  const parts = reasons.map(
    (r) =>
      `label_replace(sum ${byLabels(["instance"])} (max without (job) (rate(${selector(`rabbitmq_global_messages_dead_lettered_${r}_total`, { ...opts.matchers })}[${duration(windowS)}]))), "reason", ${promString(r)}, "", "")`,
  );
  const expr = parts.length === 1 ? parts[0]! : parts.join(" or ");
  return `sum ${byLabels(["reason"])} (${withCluster(parts.length === 1 ? expr : `(${expr})`, opts)})`;
}

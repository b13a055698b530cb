// The PromQL one evaluation sends. One query per signal for all of a workflow's queues (a regex
// matcher over the declared names), so the count does not grow with the number of queues.
// Values come from config and go through the safe builder (lib/sources/prometheus/promql.ts).
import { assertMetricName, byLabels, duration, oneOf, selector } from "@/lib/sources/prometheus/promql";

export interface QueueSelector {
  names: readonly string[];
  vhosts: readonly string[];
}

/** rabbitmq_prometheus per-object series (/metrics/per-object or /metrics/detailed). */
export const METRICS = {
  ready: "rabbitmq_queue_messages_ready",
  unacked: "rabbitmq_queue_messages_unacked",
  consumers: "rabbitmq_queue_consumers",
  acked: "rabbitmq_channel_messages_acked_total",
  delivered: "rabbitmq_channel_messages_delivered_ack_total",
  redelivered: "rabbitmq_channel_messages_redelivered_total",
  published: "rabbitmq_queue_messages_published_total",
  headTimestamp: "rabbitmq_queue_head_message_timestamp",
} as const;

export function gaugeQuery(metric: string, q: QueueSelector): string {
  return selector(metric, { queue: oneOf(...q.names), vhost: oneOf(...q.vhosts) });
}

/**
 * Per-step increments of a per-channel counter, summed per queue: rate() per series first, then
 * the sum (a channel that closes — a crashing consumer — takes its counter away, and summing raw
 * counters would read that as the queue's acks going backwards). The rate looks back over
 * RATE_RANGE_S or two steps, so a scrape interval up to a minute still gives every step a value
 * (increase() over one short step would leave gaps, and a gap where the queue was scraped reads
 * as "nothing happened"); × step turns it back into a count per step.
 */
export const RATE_RANGE_S = 120;

export function counterQuery(metric: string, q: QueueSelector, stepSeconds: number, vhostLabel = "vhost"): string {
  const range = Math.max(RATE_RANGE_S, 2 * stepSeconds);
  return `sum ${byLabels([vhostLabel, "queue"])} (rate(${selector(metric, { queue: oneOf(...q.names), [vhostLabel]: oneOf(...q.vhosts) })}[${duration(range)}])) * ${stepSeconds}`;
}

/** A configured drop counter, summed over all its series, per step. */
export function dropQuery(counter: string, stepSeconds: number): string {
  return `sum(rate(${assertMetricName(counter)}[${duration(Math.max(RATE_RANGE_S, 2 * stepSeconds))}])) * ${stepSeconds}`;
}

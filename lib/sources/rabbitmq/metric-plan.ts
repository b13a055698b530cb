// The PromQL one evaluation sends for a RabbitMQ workflow: one query per signal for all of its
// queues (a regex matcher over the declared names), so the count does not grow with the number
// of queues. Values come from config and go through the safe builder (prometheus/promql.ts).
import type { DestinationConfig } from "@/lib/domain/destination";
import type { DestinationRef, DestinationSignal } from "@/lib/domain/destination";
import type { Labels } from "@/lib/domain/series";
import { byLabels, duration, oneOf, selector } from "@/lib/sources/prometheus/promql";
import type { MetricPlan, MetricQuery, RateWindow } from "../broker";
import { DEFAULT_METRIC_NAMES, queueKey, type RabbitConfig } from "./config";

// Counters are per-step increments of a per-channel counter, summed per queue: rate() per series
// first, then the sum (a channel that closes — a crashing consumer — takes its counter away, and
// summing raw counters would read that as the queue's acks going backwards); × step turns the
// rate back into a count per step. The rate's range (promql.ts rateRangeSeconds) comes with the step.

interface Selection {
  names: string[];
  vhosts: string[];
}

function selection(refs: readonly DestinationRef[]): Selection {
  return {
    names: [...new Set(refs.map((r) => r.identity.queue!))],
    vhosts: [...new Set(refs.map((r) => r.identity.vhost!))],
  };
}

/** rabbitmq_queue_messages_published_total labels its vhost `queue_vhost`; the others `vhost`. */
const VHOST_LABEL: Partial<Record<DestinationSignal, string>> = { published: "queue_vhost" };

export function rabbitMetricPlan(
  destinations: readonly DestinationConfig[],
  { stepSeconds, rateRangeSeconds }: RateWindow,
  config: RabbitConfig | undefined,
): MetricPlan {
  const names = { ...DEFAULT_METRIC_NAMES, ...config?.metricNames };
  const declared = destinations.map((d) => d.ref);
  const gauge = (signal: DestinationSignal, withDeadLetters = false): MetricQuery => ({
    signal,
    kind: "gauge",
    withDeadLetters,
    expr: (also) => {
      const q = selection([...declared, ...(withDeadLetters ? also : [])]);
      return selector(names[signal as keyof typeof names], { queue: oneOf(...q.names), vhost: oneOf(...q.vhosts) });
    },
  });
  const counter = (signal: DestinationSignal): MetricQuery => {
    const vhostLabel = VHOST_LABEL[signal] ?? "vhost";
    const q = selection(declared);
    const rate = `rate(${selector(names[signal as keyof typeof names], { queue: oneOf(...q.names), [vhostLabel]: oneOf(...q.vhosts) })}[${duration(rateRangeSeconds)}])`;
    const perSecond = `sum ${byLabels([vhostLabel, "queue"])} (${rate})`;
    return {
      signal,
      kind: "counter",
      withDeadLetters: false,
      expr: () => `${perSecond} * ${stepSeconds}`,
      perSecond: () => perSecond,
    };
  };
  return {
    // The dead-letter queues' depth rides along on the waiting query once the broker has named them.
    queries: [
      gauge("waiting", true),
      gauge("inFlight"),
      gauge("consumers"),
      counter("acked"),
      counter("published"),
      counter("redelivered"),
      counter("delivered"),
      gauge("oldestTimestamp"),
    ],
    destinationOf(labels: Labels, signal: DestinationSignal) {
      const queue = labels.queue;
      if (queue === undefined) return undefined;
      const vhost = labels[VHOST_LABEL[signal] ?? "vhost"] ?? labels.vhost ?? labels.queue_vhost;
      if (vhost !== undefined) return queueKey(vhost, queue);
      // A family without a vhost label: the queue name alone, if it names one declared queue.
      const matches = declared.filter((r) => r.identity.queue === queue);
      return matches.length === 1 ? matches[0]!.key : undefined;
    },
    absentCounter: "zero",
  };
}

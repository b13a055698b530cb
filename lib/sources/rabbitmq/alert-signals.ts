// RabbitMQ's PromQL for alert rules (lib/alerts/rules.ts): the same series as the metric plan,
// but per queue and over ranges a rule evaluates, with every result labelled vhost + queue.
// Values from config go through the safe builder (prometheus/promql.ts).
import type { CounterSignal, DestinationRef, GaugeSignal } from "@/lib/domain/destination";
import { duration, eq, oneOf, selector } from "@/lib/sources/prometheus/promql";
import type { AlertSignals } from "../broker";
import { DEFAULT_METRIC_NAMES, type RabbitConfig } from "./config";

const BY_QUEUE = "by (vhost, queue)";

function matchers(refs: readonly DestinationRef[], vhostLabel: string) {
  return {
    queue: oneOf(...new Set(refs.map((r) => r.identity.queue!))),
    [vhostLabel]: oneOf(...new Set(refs.map((r) => r.identity.vhost!))),
  };
}

export function rabbitAlertSignals(config: RabbitConfig | undefined): AlertSignals {
  const names = { ...DEFAULT_METRIC_NAMES, ...config?.metricNames };
  return {
    destinationLabels: ["vhost", "queue"],
    destinationTemplate: "{{ $labels.queue }}",
    gauge(signal: GaugeSignal, refs, aggregate = "sum") {
      return `${aggregate} ${BY_QUEUE} (${selector(names[signal], matchers(refs, "vhost"))})`;
    },
    increase(signal: CounterSignal, refs, rangeSeconds) {
      // Per-channel counters (acks, deliveries) are increased per series, then summed: a channel
      // that closes takes its counter away, which a sum of raw counters would read as a reset.
      // Publishes are per queue but label the vhost queue_vhost: renamed so every result says vhost.
      if (signal === "published") {
        const raw = `increase(${selector(names.published, matchers(refs, "queue_vhost"))}[${duration(rangeSeconds)}])`;
        return `sum ${BY_QUEUE} (label_replace(${raw}, "vhost", "$1", "queue_vhost", "(.*)"))`;
      }
      return `sum ${BY_QUEUE} (increase(${selector(names[signal], matchers(refs, "vhost"))}[${duration(rangeSeconds)}]))`;
    },
    // rabbitmq_prometheus only has per-channel counters while the channel lives.
    absentCounter: "zero",
    presence(ref) {
      return selector(names.waiting, { queue: eq(ref.identity.queue!), vhost: eq(ref.identity.vhost!) });
    },
    consumerIdentityInMetrics: false,
  };
}

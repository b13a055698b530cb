// JetStream's PromQL for alert rules (lib/alerts/rules.ts): the metric plan's series per
// consumer, over the ranges a rule evaluates, every result labelled stream_name + consumer_name.
import type { CounterSignal, GaugeSignal } from "@/lib/domain/destination";
import { byLabels, duration, eq, oneOf, selector } from "@/lib/sources/prometheus/promql";
import { SignalNotExportedError } from "../alert-signal-gap";
import type { AlertSignals } from "../broker";
import type { NatsConfig } from "./config";
import { BY_CONSUMER, consumerMatchers, metricNames } from "./metric-plan";

const BY = byLabels(BY_CONSUMER);

export function natsAlertSignals(config: NatsConfig | undefined): AlertSignals {
  const names = metricNames(config);
  return {
    destinationLabels: BY_CONSUMER,
    destinationTemplate: "{{ $labels.stream_name }}/{{ $labels.consumer_name }}",
    gauge(signal: GaugeSignal, refs, aggregate = "sum") {
      // A dead-letter destination is a count of max-deliveries advisories in the advisory
      // stream (per subject), read live through the JetStream API; no exporter series has it.
      if (refs.some((ref) => ref.identity.consumer === undefined))
        throw new SignalNotExportedError(
          signal,
          `no exporter series counts max-deliveries advisories per consumer (Asyncscope reads them live from the advisory stream): no alert rule can be written on the dead letters of NATS JetStream`,
        );
      const metric = names[signal];
      // No series for it (oldestTimestamp by default): an empty result, so the rule never fires
      // on it; docs/nats-jetstream.md says so, and the live check still reads first_ts.
      if (!metric) return `${aggregate} ${BY} (${selector(names.waiting!, consumerMatchers(refs))}) * 0 < 0`;
      return `${aggregate} ${BY} (${selector(metric, consumerMatchers(refs))})`;
    },
    increase(signal: CounterSignal, refs, rangeSeconds) {
      const r = duration(rangeSeconds);
      if (signal === "redelivered")
        return `sum ${BY} (clamp_min(delta(${selector(names.redelivered!, consumerMatchers(refs))}[${r}]), 0))`;
      if (signal === "published") {
        // Per stream: copied onto each consumer of the stream, so every result names a consumer.
        const streams = oneOf(...new Set(refs.map((x) => x.identity.stream!)));
        const perStream = `sum by (stream_name) (increase(${selector(names.published!, { stream_name: streams })}[${r}]))`;
        return `${perStream} * on (stream_name) group_right () (0 * sum ${BY} (${selector(names.waiting!, consumerMatchers(refs))}) + 1)`;
      }
      return `sum ${BY} (increase(${selector(names[signal]!, consumerMatchers(refs))}[${r}]))`;
    },
    absentCounter: "unknown",
    presence(ref) {
      return selector(names.waiting!, {
        stream_name: eq(ref.identity.stream!),
        consumer_name: eq(ref.identity.consumer!),
      });
    },
    consumerIdentityInMetrics: false,
  };
}

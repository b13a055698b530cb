// Redis Streams' PromQL for alert rules (lib/alerts/rules.ts), on redis_exporter's series, every
// result labelled stream + group. Signals the exporter does not have (acknowledgements, publishes,
// redeliveries, an oldest-entry time per group) have no expression: asking for one throws, so an
// export that needs it fails with the reason instead of writing a rule that can never fire.
import type { CounterSignal, GaugeSignal } from "@/lib/domain/destination";
import { duration, eq, selector } from "@/lib/sources/prometheus/promql";
import type { AlertSignals } from "../broker";
import type { RedisConfig } from "./config";
import { groupMatchers, metricNamesOf } from "./metric-plan";

const BY_GROUP = "by (stream, group)";

function notExported(signal: string): never {
  throw new Error(
    `redis_exporter has no series for "${signal}" of a stream group: no alert rule can be written on it for Redis Streams`,
  );
}

export function redisAlertSignals(config: RedisConfig | undefined): AlertSignals {
  const names = metricNamesOf(config);
  return {
    destinationLabels: ["stream", "group"],
    destinationTemplate: "{{ $labels.stream }} ({{ $labels.group }})",
    gauge(signal: GaugeSignal, refs, aggregate = "sum") {
      if (signal === "oldestTimestamp") notExported(signal);
      return `${aggregate} ${BY_GROUP} (${selector(names[signal], groupMatchers(refs))})`;
    },
    increase(signal: CounterSignal, refs, rangeSeconds) {
      if (signal !== "delivered") notExported(signal);
      return `sum ${BY_GROUP} (increase(${selector(names.delivered, groupMatchers(refs))}[${duration(rangeSeconds)}]))`;
    },
    absentCounter: "unknown",
    presence(ref) {
      return selector(names.waiting, { stream: eq(ref.identity.stream!), group: eq(ref.identity.group!) });
    },
    consumerIdentityInMetrics: false,
  };
}

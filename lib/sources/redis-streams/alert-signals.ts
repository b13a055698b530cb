// Redis Streams' PromQL for alert rules (lib/alerts/rules.ts), on redis_exporter's series, every
// result labelled stream + group. Signals the exporter does not have (acknowledgements, publishes,
// redeliveries, an oldest-entry time per group) have no expression: asking for one throws
// SignalNotExportedError, and the export leaves that rule out with the reason instead of
// writing a rule that can never fire.
import type { CounterSignal, GaugeSignal } from "@/lib/domain/destination";
import { duration, eq, oneOf, selector } from "@/lib/sources/prometheus/promql";
import { SignalNotExportedError } from "../alert-signal-gap";
import type { AlertSignals } from "../broker";
import type { RedisConfig } from "./config";
import { groupMatchers, metricNamesOf } from "./metric-plan";

const BY_GROUP = "by (stream, group)";

function notExported(signal: string, of = "of a stream group"): never {
  throw new SignalNotExportedError(
    signal,
    `redis_exporter has no series for "${signal}" ${of}: no alert rule can be written on it for Redis Streams`,
  );
}

export function redisAlertSignals(config: RedisConfig | undefined): AlertSignals {
  const names = metricNamesOf(config);
  return {
    destinationLabels: ["stream", "group"],
    destinationTemplate: "{{ $labels.stream }} ({{ $labels.group }})",
    gauge(signal: GaugeSignal, refs, aggregate = "sum") {
      if (signal === "oldestTimestamp") notExported(signal);
      // Dead letters by delivery count (stream@group#deliveries>N) are counted live with
      // XPENDING; no exporter series holds them (the group's lag would be a false alarm).
      if (refs.some((ref) => ref.identity.maxDeliveries !== undefined))
        notExported(signal, "of entries past a delivery limit (Asyncscope counts them live with XPENDING)");
      const streams = refs.filter((ref) => ref.identity.group === undefined);
      if (streams.length === refs.length && signal === "waiting")
        // Dead-letter streams: a plain stream has no group, so its depth is its length.
        return `${aggregate} ${BY_GROUP} (${selector(names.deadLetterLength, { stream: oneOf(...streams.map((r) => r.identity.stream!)) })})`;
      return `${aggregate} ${BY_GROUP} (${selector(names[signal], groupMatchers(refs))})`;
    },
    increase(signal: CounterSignal, refs, rangeSeconds) {
      if (signal !== "delivered") notExported(signal);
      return `sum ${BY_GROUP} (increase(${selector(names.delivered, groupMatchers(refs))}[${duration(rangeSeconds)}]))`;
    },
    absentCounter: "unknown",
    // The group's pending count, not its lag: every redis_exporter with --check-streams has it
    // (Debian's 1.45 has no lag), so its absence means the exporter does not see the group.
    presence(ref) {
      return selector(names.inFlight, { stream: eq(ref.identity.stream!), group: eq(ref.identity.group!) });
    },
    consumerIdentityInMetrics: false,
  };
}

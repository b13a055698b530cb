// A recorded workflow's signals (an evidence bundle's entry) as discovery's input, so the
// demo can show discovery offline and tests run on what the real lab produced. A recording
// holds only the destinations it watched (and their dead letters) and no routes: routing
// then comes from the traces, and the notes say what is missing. A workflow's destination may be
// one reader of a broker destination (a Redis stream or Kafka topic read by one group): those are
// folded back into the broker destination with its readers, as the live topology lists them.
import type { WorkflowSignals } from "@/lib/analysis/types";
import type { ConsumerIdentity, DestinationState } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type {
  Answer,
  DiscoveryInput,
  DiscoveryTopology,
  MetricsInventory,
  TopologyConsumer,
  TopologyDestination,
} from "./types";

/**
 * The broker destination a recorded one is, or reads in a group: the queue, or the stream or topic
 * a group reads (Redis, Kafka). A JetStream consumer keeps its own name, which is what its
 * consumer spans name as their destination (a recording holds no stream subjects to match on).
 */
const brokerNameOf = ({ ref }: DestinationState) =>
  ref.identity.queue ??
  (ref.identity.group !== undefined ? (ref.identity.stream ?? ref.identity.topic) : undefined) ??
  ref.name;

function consumerOf(c: ConsumerIdentity, group: string | undefined): TopologyConsumer {
  return {
    label: c.label,
    anonymous: c.anonymous,
    attributes: c.attributes,
    ...(c.attributes.peerHost ? { host: c.attributes.peerHost } : {}),
    // The group it reads in, as the live Kafka and Redis topologies say.
    ...(group !== undefined ? { via: group } : {}),
  };
}

function destinationOf(state: DestinationState, byKey: Map<string, string>): TopologyDestination {
  const identity = state.ref.identity;
  // Kafka: members of other groups reading the topic were recorded beside the declared group's.
  const others = state.otherConsumers?.value.map((c) => consumerOf(c, c.attributes.group)) ?? [];
  return {
    ...(identity.vhost !== undefined ? { scope: identity.vhost } : {}),
    name: brokerNameOf(state),
    ...(state.consumers
      ? { consumers: [...state.consumers.value.map((c) => consumerOf(c, identity.group)), ...others] }
      : {}),
    ...(state.drainedBy
      ? {
          returnsTo: {
            destination: byKey.get(state.drainedBy.returnsTo) ?? state.drainedBy.returnsToName,
            ttlMs: state.drainedBy.ttlMs,
          },
        }
      : {}),
  };
}

/** One destination per scope and name, with the readers of every recorded one. */
function mergedByName(destinations: TopologyDestination[]): TopologyDestination[] {
  const merged = new Map<string, TopologyDestination>();
  for (const d of destinations) {
    const key = `${d.scope ?? ""}\u0000${d.name}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, d);
    else if (d.consumers) merged.set(key, { ...seen, consumers: [...(seen.consumers ?? []), ...d.consumers] });
  }
  return [...merged.values()];
}

function topologyOf(signals: WorkflowSignals, broker: string): Answer<DiscoveryTopology> {
  if (!signals.state.ok) return { ok: false, reason: signals.state.reason };
  const snapshot = signals.state.value;
  const watched = new Set(snapshot.destinations.map(brokerNameOf));
  // A dead-letter state on a watched destination itself (Redis: a group's entries past their
  // delivery limit, still in the stream) is a view of that destination, not another one.
  const states = [...snapshot.destinations, ...snapshot.deadLetterStates.filter((s) => !watched.has(brokerNameOf(s)))];
  const byKey = new Map(states.map((s) => [s.ref.key, brokerNameOf(s)]));
  return {
    ok: true,
    value: {
      broker,
      atMs: snapshot.atMs,
      destinations: mergedByName(states.map((s) => destinationOf(s, byKey))),
      deadLetterRoutes: snapshot.deadLetterRoutes.map((route) => {
        const scope = states.find((s) => s.ref.key === route.sourceKey)?.ref.identity.vhost;
        return {
          ...(scope !== undefined ? { scope } : {}),
          destination: byKey.get(route.sourceKey) ?? route.sourceKey,
          via: route.via,
          targets: route.targets.map((t) => t.identity.queue ?? t.name),
        };
      }),
      notes: ["a recording holds only the queues it watched and no bindings: routing is learnt from its traces"],
    },
  };
}

function seriesNames(series: Series[], into: Map<string, Set<string>>): void {
  for (const s of series) {
    const { queue, vhost, __name__: name } = s.labels;
    if (!queue || !name) continue;
    const key = `${vhost ?? "/"}/${queue}`;
    into.set(key, (into.get(key) ?? new Set()).add(name));
  }
}

function metricsOf(signals: WorkflowSignals): Answer<MetricsInventory> {
  const history = signals.history;
  const recorded = Object.values(history.signals).filter((o) => o !== undefined);
  const failed = [...recorded, history.drops].find((o) => !o.ok);
  if (recorded.length === 0 || failed) {
    return { ok: false, reason: failed && !failed.ok ? failed.reason : "the recording holds no metrics" };
  }
  const names = new Map<string, Set<string>>();
  for (const observed of recorded) if (observed.ok) seriesNames(observed.value, names);
  const drops = history.drops.ok ? history.drops.value : [];
  return {
    ok: true,
    value: {
      queueSeries: Object.fromEntries([...names].map(([key, set]) => [key, [...set].sort()])),
      dropCounters: [...new Set(drops.map((s) => s.labels.counter ?? s.labels.__name__).filter(Boolean))].map(
        (name) => ({ name: name!, services: [] }),
      ),
    },
  };
}

/** `broker`: the recorded workflow's (`config.broker` of the bundle entry). */
export function discoveryInputFromRecording(signals: WorkflowSignals, broker = "rabbitmq"): DiscoveryInput {
  return {
    nowMs: signals.nowMs,
    brokers: [{ broker, topology: topologyOf(signals, broker) }],
    traces: signals.traces.ok
      ? { ok: true, value: { traces: signals.traces.value.traces, truncated: signals.traces.value.truncated } }
      : { ok: false, reason: signals.traces.reason },
    metrics: metricsOf(signals),
  };
}

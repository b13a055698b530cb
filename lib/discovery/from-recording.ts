// A recorded workflow's signals (an evidence bundle's entry) as discovery's input, so the
// demo can show discovery offline and tests run on what the real lab produced. A recording
// holds only the destinations it watched (and their dead letters) and no routes: routing
// then comes from the traces, and the notes say what is missing. A workflow's destination may be
// one reader of a broker destination (a Kafka topic or Redis stream read by one group, a JetStream
// stream read by one consumer): the broker's adapter says where each sits (topologyPlace), and
// they are folded back into the broker destination with its readers, as the live topology lists them.
import type { WorkflowSignals } from "@/lib/analysis/types";
import type { ConsumerIdentity, DestinationState } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type { TopologyPlace } from "@/lib/domain/topology";
import { topologyPlace } from "@/lib/sources/brokers";
import type {
  Answer,
  DiscoveryInput,
  DiscoveryTopology,
  MetricsInventory,
  TopologyConsumer,
  TopologyDestination,
} from "./types";

/** A recorded state with where it sits in the broker's topology. */
interface Placed {
  state: DestinationState;
  place: TopologyPlace;
}

function consumerOf(c: ConsumerIdentity, via: string | undefined, subjects: string[] | undefined): TopologyConsumer {
  return {
    label: c.label,
    anonymous: c.anonymous,
    attributes: c.attributes,
    ...(c.attributes.peerHost ? { host: c.attributes.peerHost } : {}),
    // What it reads the destination through (its group, its JetStream consumer), as the live
    // topologies say, and the subjects it filters on.
    ...(via !== undefined ? { via } : {}),
    ...(subjects !== undefined ? { subjects } : {}),
  };
}

function destinationOf({ state, place }: Placed, byKey: Map<string, TopologyPlace>): TopologyDestination {
  // Members of other groups reading the topic were recorded beside the declared group's (Kafka).
  const others = state.otherConsumers?.value.map((c) => consumerOf(c, c.attributes.group, undefined)) ?? [];
  return {
    ...(place.scope !== undefined ? { scope: place.scope } : {}),
    name: place.destination,
    ...(place.subjects !== undefined ? { subjects: place.subjects } : {}),
    ...(state.consumers
      ? { consumers: [...state.consumers.value.map((c) => consumerOf(c, place.via, place.subjects)), ...others] }
      : {}),
    ...(state.drainedBy
      ? {
          returnsTo: {
            destination: byKey.get(state.drainedBy.returnsTo)?.destination ?? state.drainedBy.returnsToName,
            ttlMs: state.drainedBy.ttlMs,
          },
        }
      : {}),
  };
}

/** One destination per scope and name, with the readers and subjects of every recorded one. */
function mergedByName(destinations: TopologyDestination[]): TopologyDestination[] {
  const merged = new Map<string, TopologyDestination>();
  for (const d of destinations) {
    const key = `${d.scope ?? ""}\u0000${d.name}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, d);
      continue;
    }
    const consumers = seen.consumers || d.consumers ? [...(seen.consumers ?? []), ...(d.consumers ?? [])] : undefined;
    const subjects =
      seen.subjects || d.subjects ? [...new Set([...(seen.subjects ?? []), ...(d.subjects ?? [])])] : undefined;
    merged.set(key, { ...seen, ...(consumers ? { consumers } : {}), ...(subjects ? { subjects } : {}) });
  }
  return [...merged.values()];
}

function topologyOf(signals: WorkflowSignals, broker: string): Answer<DiscoveryTopology> {
  if (!signals.state.ok) return { ok: false, reason: signals.state.reason };
  const snapshot = signals.state.value;
  const placed = (state: DestinationState): Placed => ({
    state,
    place: topologyPlace(broker, state.ref, state.consumers?.value),
  });
  const watched = snapshot.destinations.map(placed);
  const watchedNames = new Set(watched.map((p) => p.place.destination));
  // A dead-letter state on a watched destination itself (Redis: a group's entries past their
  // delivery limit, still in the stream) is a view of that destination, not another one.
  const states = [
    ...watched,
    ...snapshot.deadLetterStates.map(placed).filter((p) => !watchedNames.has(p.place.destination)),
  ];
  const byKey = new Map(states.map((p) => [p.state.ref.key, p.place]));
  return {
    ok: true,
    value: {
      broker,
      atMs: snapshot.atMs,
      destinations: mergedByName(states.map((p) => destinationOf(p, byKey))),
      // A destination's dead letters kept in itself (Redis: entries past the delivery limit, still
      // in the stream) are not a route to somewhere else.
      deadLetterRoutes: snapshot.deadLetterRoutes.flatMap((route) => {
        const source = byKey.get(route.sourceKey);
        const destination = source?.destination ?? route.sourceKey;
        const targets = route.targets.map((t) => topologyPlace(broker, t).destination).filter((t) => t !== destination);
        if (targets.length === 0) return [];
        return [
          { ...(source?.scope !== undefined ? { scope: source.scope } : {}), destination, via: route.via, targets },
        ];
      }),
      notes: ["a recording holds only the destinations it watched and no bindings: routing is learnt from its traces"],
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

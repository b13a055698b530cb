// Redis Streams' topology for discovery (BrokerAdapter.discoveryTopology): every stream key,
// its consumer groups and their consumers, and dead-letter streams found by their names
// (`<stream>.dlq`, `-dlq`, `:dlq`, `.dead`): Redis has no dead-letter mechanism, applications
// XADD failed entries to a stream of their choosing. From XINFO GROUPS / XINFO CONSUMERS, as the
// adapter's state() reads them, for every stream SCAN finds.
import type { DiscoveryTopology, TopologyConsumer } from "@/lib/domain/topology";
import type { ConsumerReading, GroupReading } from "./map";

const DEAD_LETTER_SUFFIXES = [".dlq", "-dlq", ":dlq", ".dead", ":dead"];

export interface StreamReading {
  stream: string;
  groups: GroupReading[];
  /** Group name → its consumers (XINFO CONSUMERS). */
  consumers: ReadonlyMap<string, ConsumerReading[]>;
}

function consumerOf(group: string, c: ConsumerReading): TopologyConsumer {
  return {
    label: c.name,
    // Consumer names are the application's own (XREADGROUP … <consumer>): never the broker's.
    anonymous: false,
    attributes: { consumer: c.name, group, idleMs: String(c.idleMs) },
    via: group,
  };
}

export function redisDiscoveryTopology(streams: readonly StreamReading[], atMs: number): DiscoveryTopology {
  const keys = new Set(streams.map((s) => s.stream));
  return {
    broker: "redis-streams",
    atMs,
    destinations: streams.map((s) => ({
      name: s.stream,
      consumers: s.groups.flatMap((g) => (s.consumers.get(g.group) ?? []).map((c) => consumerOf(g.group, c))),
    })),
    deadLetterRoutes: streams.flatMap((s) => {
      const targets = DEAD_LETTER_SUFFIXES.map((suffix) => `${s.stream}${suffix}`).filter((t) => keys.has(t));
      return targets.length > 0
        ? [{ destination: s.stream, via: `a stream named for it (${targets.join(", ")})`, targets }]
        : [];
    }),
    notes: [
      "Redis keeps a consumer's name in its group until deleted: a consumer listed may have stopped (its idleMs says how long ago it last read)",
    ],
  };
}

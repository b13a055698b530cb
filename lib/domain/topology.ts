// A broker's whole topology as discovery reads it (lib/discovery), in words every broker has:
// destinations (a RabbitMQ queue, a Kafka topic, a JetStream stream, a Redis stream), who reads
// each one now, where failed messages go, and, for a broker that routes (RabbitMQ's exchanges),
// which destinations a publish reaches. Each adapter maps its readouts into this
// (BrokerAdapter.discoveryTopology); discovery reads nothing else of the broker.

/** A consumer attached to a destination now, with every identity the broker gives. */
export interface TopologyConsumer {
  /** The most telling name: the one the client gave itself (connection name, client id…), else the broker's. */
  label: string;
  /** True when only a name the broker generated is known ("10.0.0.5:51234 -> 10.0.0.9:5672"). */
  anonymous: boolean;
  /** connectionName, clientId, consumer, group, peerHost/host… (the config may match on any). */
  attributes: Readonly<Record<string, string>>;
  /** The host it connects from, when the broker says (a consumer from elsewhere is suspect). */
  host?: string;
  /** When it connected (ms since epoch), when the broker says. */
  connectedAtMs?: number;
  /** The subjects it reads, when it reads only part of the destination (a JetStream consumer's filters; NATS wildcards). */
  subjects?: string[];
  /**
   * What it reads the destination through, which a config entry names beside the destination:
   * the Kafka consumer group, the JetStream consumer, the Redis group. None for RabbitMQ.
   */
  via?: string;
}

/**
 * Where one of a workflow's destinations sits in its broker's topology, as discovery lists it:
 * the broker-level destination (a queue, topic or stream), its scope, what it is read through
 * (`TopologyConsumer.via`: the Kafka group, the JetStream consumer, the Redis group), and the
 * subjects its readers filter on (JetStream). Each adapter says (BrokerAdapter.topologyPlace):
 * drift compares declared destinations with discovered ones by it, and a recording's
 * destinations become a topology by it.
 */
export interface TopologyPlace {
  destination: string;
  scope?: string;
  via?: string;
  subjects?: string[];
}

export interface TopologyDestination {
  /** Its name, as producers' and consumers' spans give it (messaging.destination.name). */
  name: string;
  /** Where the name is unique, for a broker that has such a scope (RabbitMQ's vhost). */
  scope?: string;
  /** Subjects a span may name instead of the destination (a JetStream stream's subjects, with wildcards). */
  subjects?: string[];
  /** Absent: the broker did not say (not the same as nobody). */
  consumers?: TopologyConsumer[];
  /** A destination the broker drains back into another after a TTL: a retry or delay destination. */
  returnsTo?: { destination: string; ttlMs: number };
}

/** A publish to `exchange` with `routingKey` reaches `destination` (RabbitMQ's bindings). */
export interface TopologyRoute {
  scope?: string;
  exchange: string;
  routingKey: string;
  destination: string;
}

/** Where a destination's failed messages go, in the broker's words. */
export interface TopologyDeadLetterRoute {
  scope?: string;
  destination: string;
  /** How ('exchange "orders.dlx"', 'the "<topic>.DLT" convention', 'max-deliveries advisories'). */
  via: string;
  targets: string[];
}

export interface DiscoveryTopology {
  /** The adapter's name ("rabbitmq", "kafka"…): the `broker:` of a workflow proposed from it. */
  broker: string;
  /** When the broker answered. */
  atMs: number;
  destinations: TopologyDestination[];
  /**
   * How publishes are routed, for a broker that routes (RabbitMQ). Absent: a publish names its
   * destination (Kafka, JetStream, Redis), or the routes were not read (a recording).
   */
  routing?: TopologyRoute[];
  deadLetterRoutes: TopologyDeadLetterRoute[];
  /** What the topology does not cover ("a recording holds only the queues it watched"). */
  notes: string[];
}

/**
 * A dotted name ("orders.eu.created") against a pattern, in one of the two wildcard dialects
 * brokers use: AMQP topic bindings (`*` one word, `#` zero or more words, anywhere) and NATS
 * subjects (`*` one token, `>` one or more trailing tokens). Route keys are AMQP's, a
 * destination's subjects NATS's.
 */
export function patternMatches(pattern: string, name: string, dialect: "amqp" | "nats"): boolean {
  const p = pattern.split(".");
  const k = name.split(".");
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (dialect === "amqp" && p[i] === "#") return walk(i + 1, j) || (j < k.length && walk(i, j + 1));
    if (dialect === "nats" && p[i] === ">" && i === p.length - 1) return j < k.length;
    if (j === k.length) return false;
    return (p[i] === "*" || p[i] === k[j]) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}

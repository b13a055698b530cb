// Which destinations a publish reaches. A broker that routes (RabbitMQ) gives its routes: a
// route key matches when equal or as an AMQP topic pattern (* one word, # any number): right
// for direct and topic exchanges, the common case for workflows; a fanout exchange's routes
// with other keys are missed (the traces' consumer spans still find those queues). Any other
// broker's publish names its destination (a topic, a subject a stream captures).
import { patternMatches, type DiscoveryTopology, type TopologyRoute } from "@/lib/domain/topology";

/** Destination names a publish to `exchange` with `routingKey` reaches ("" exchange: the key is the queue). */
export function routedQueues(
  routes: readonly TopologyRoute[],
  exchange: string,
  routingKey: string | undefined,
): string[] {
  if (exchange === "") return routingKey ? [routingKey] : [];
  const queues = routes
    .filter((r) => r.exchange === exchange)
    .filter(
      (r) =>
        routingKey === undefined || r.routingKey === routingKey || patternMatches(r.routingKey, routingKey, "amqp"),
    )
    .map((r) => r.destination);
  return [...new Set(queues)];
}

/**
 * The topology's destination a name from a span stands for: the destination of that name,
 * else the first whose subjects capture it (a JetStream stream).
 */
export function destinationNamed(topology: DiscoveryTopology, name: string): string | undefined {
  if (topology.destinations.some((d) => d.name === name)) return name;
  return topology.destinations.find((d) => d.subjects?.some((s) => patternMatches(s, name, "nats")))?.name;
}

/** Where a publish goes, from the topology: its routes when the broker routes, else the destination it names. */
export function publishReaches(
  topology: DiscoveryTopology,
  target: { exchange: string; routingKey?: string },
): string[] {
  if (topology.routing || target.exchange === "")
    return routedQueues(topology.routing ?? [], target.exchange, target.routingKey);
  const named = destinationNamed(topology, target.exchange);
  return named ? [named] : [];
}

// Which queues a publish reaches, from the broker's bindings. The exchange type is not read, so
// a binding key matches when equal or as a topic pattern (* one word, # any number): right for
// direct and topic exchanges, the common case for workflows; a fanout exchange's bindings
// with other keys are missed (the traces' consumer spans still find those queues).
import { topicMatches } from "@/lib/sources/rabbitmq/topology";
import type { ObservedBinding } from "./types";

/** Queue names a publish to `exchange` with `routingKey` reaches ("" exchange: the key is the queue). */
export function routedQueues(
  bindings: readonly ObservedBinding[],
  exchange: string,
  routingKey: string | undefined,
): string[] {
  if (exchange === "") return routingKey ? [routingKey] : [];
  const queues = bindings
    .filter((b) => b.exchange === exchange)
    .filter((b) => routingKey === undefined || b.routingKey === routingKey || topicMatches(b.routingKey, routingKey))
    .map((b) => b.queue);
  return [...new Set(queues)];
}

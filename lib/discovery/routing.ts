// Which queues a publish reaches, from the broker's bindings. The exchange type is not read, so
// a binding key matches when equal or as a topic pattern (* one word, # any number): right for
// direct and topic exchanges, the common case for workflows; a fanout exchange's bindings
// with other keys are missed (the traces' consumer spans still find those queues).
import type { ObservedBinding } from "./types";

export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split(".");
  const k = key.split(".");
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === "#") return walk(i + 1, j) || (j < k.length && walk(i, j + 1));
    if (j === k.length) return false;
    return (p[i] === "*" || p[i] === k[j]) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}

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

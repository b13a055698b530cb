// Where a workflow queue's rejected messages go: its dead-letter exchange (from x-arguments or
// a policy, already resolved in the snapshot) → bindings → queues. A route that leads back into
// the workflow (a TTL retry queue returning to its consumer's queue) is a retry loop, not a DLQ.
import { queueKey } from "./config";
import { patternMatches } from "@/lib/domain/topology";
import type { Binding, QueueDeadLetterRoute, QueueSnapshot } from "./model";

/** A binding key against a routing key, as a topic exchange matches them (* one word, # any). */
export function topicMatches(pattern: string, key: string): boolean {
  return patternMatches(pattern, key, "amqp");
}

/**
 * Dead-letter routes of `queues`. `bindings` are the vhost's bindings; without them only
 * default-exchange routes (routing key = queue name) resolve.
 */
export function deadLetterRoutes(
  queues: readonly QueueSnapshot[],
  bindings: readonly Binding[],
  workflowQueues: ReadonlySet<string>,
): QueueDeadLetterRoute[] {
  const routes: QueueDeadLetterRoute[] = [];
  for (const q of queues) {
    const dl = q.deadLetter;
    if (!dl) continue;
    let names: string[];
    if (dl.exchange === "") {
      // Default exchange: the routing key (or, when unset, the message's own key — unknown
      // here) names the queue directly.
      names = dl.routingKey ? [dl.routingKey] : [];
    } else {
      names = bindings
        .filter((b) => b.vhost === q.vhost && b.source === dl.exchange && b.destinationType === "queue")
        .filter(
          (b) =>
            dl.routingKey === undefined || b.routingKey === dl.routingKey || topicMatches(b.routingKey, dl.routingKey),
        )
        .map((b) => b.destination);
    }
    const dlqNames = [...new Set(names)].filter((n) => !workflowQueues.has(queueKey(q.vhost, n)));
    // Every target is a workflow queue: a retry loop, reported by the delay-queue logic instead.
    if (names.length > 0 && dlqNames.length === 0) continue;
    routes.push({
      vhost: q.vhost,
      sourceQueue: queueKey(q.vhost, q.name),
      exchange: dl.exchange,
      ...(dl.routingKey !== undefined ? { routingKey: dl.routingKey } : {}),
      dlqNames,
    });
  }
  return routes;
}

/**
 * A TTL queue that dead-letters back into the workflow through the default exchange (a retry
 * or delay queue): it needs no consumer, its messages return to `returnsTo` after the TTL.
 */
export function delayOf(
  snapshot: QueueSnapshot | undefined,
  workflowQueues: ReadonlySet<string>,
): { ttlMs: number; returnsTo: string } | undefined {
  if (!snapshot) return undefined;
  const ttl = snapshot.arguments["x-message-ttl"];
  const dl = snapshot.deadLetter;
  if (typeof ttl !== "number" || !dl) return undefined;
  // Through the default exchange the routing key is the target queue.
  const target = dl.exchange === "" ? dl.routingKey : undefined;
  if (!target || !workflowQueues.has(queueKey(snapshot.vhost, target))) return undefined;
  return { ttlMs: ttl, returnsTo: target };
}

// Where a workflow queue's rejected messages go: its dead-letter exchange (from x-arguments or
// a policy, already resolved in the snapshot) → bindings → queues. A route that leads back into
// the workflow (a TTL retry queue returning to its consumer's queue) is a retry loop, not a DLQ.
import type { Binding, QueueSnapshot } from "@/lib/domain/broker";
import type { DeadLetterRoute } from "./types";

function topicMatches(pattern: string, key: string): boolean {
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

/**
 * Dead-letter routes of `queues`. `bindings` are the vhost's bindings; without them only
 * default-exchange routes (routing key = queue name) resolve.
 */
export function deadLetterRoutes(
  queues: readonly QueueSnapshot[],
  bindings: readonly Binding[],
  workflowQueues: ReadonlySet<string>,
): DeadLetterRoute[] {
  const routes: DeadLetterRoute[] = [];
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
    const dlqNames = [...new Set(names)].filter((n) => !workflowQueues.has(`${q.vhost}/${n}`));
    // Every target is a workflow queue: a retry loop, reported by the delay-queue logic instead.
    if (names.length > 0 && dlqNames.length === 0) continue;
    routes.push({
      vhost: q.vhost,
      sourceQueue: `${q.vhost}/${q.name}`,
      exchange: dl.exchange,
      ...(dl.routingKey !== undefined ? { routingKey: dl.routingKey } : {}),
      dlqNames,
    });
  }
  return routes;
}

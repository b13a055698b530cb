import "server-only";
// The present state of a workflow's queues, in requests whose cost does not grow with the
// broker's size (10,000 queues measured in docs/scale.md): each declared queue by name (a
// filtered list instead when a vhost has more than DIRECT_LOOKUP_MAX of them), one consumer
// list per vhost, one connection list for what clients say about themselves; then the
// bindings of each dead-letter exchange those queues name, and the dead-letter queues found.
import type { DestinationConfig } from "@/lib/domain/destination";
import type { BrokerSnapshot } from "@/lib/domain/destination";
import { escapeRegex } from "@/lib/sources/prometheus/promql";
import type { RabbitSource } from "./client";
import type { QueueSnapshot } from "./model";
import { queueKey } from "./config";
import { toBrokerSnapshot } from "./snapshot";
import { deadLetterRoutes } from "./topology";

/**
 * Up to this many names in a vhost are read one GET each; more, in one filtered list. A
 * filtered list makes the broker walk every queue it has (1.5 s at 10,000 queues, against
 * 45 ms for a direct lookup), but a workflow with dozens of queues would otherwise cost
 * dozens of requests.
 */
export const DIRECT_LOOKUP_MAX = 10;

const exact = (names: Iterable<string>) => `^(${[...names].map(escapeRegex).join("|")})$`;

async function queuesNamed(rabbit: RabbitSource, vhost: string, names: readonly string[]): Promise<QueueSnapshot[]> {
  if (names.length > DIRECT_LOOKUP_MAX) return rabbit.allQueues({ vhost, name: exact(names), useRegex: true });
  const found = await Promise.all(names.map((name) => rabbit.queue(vhost, name)));
  return found.filter((q): q is QueueSnapshot => q !== undefined);
}

export async function readQueueState(
  rabbit: RabbitSource,
  declared: readonly DestinationConfig[],
  now: () => number = Date.now,
): Promise<BrokerSnapshot> {
  const refs = declared.map((d) => ({ key: d.ref.key, vhost: d.ref.identity.vhost!, name: d.ref.identity.queue! }));
  const vhosts = [...new Set(refs.map((q) => q.vhost))];
  const [perVhost, connections] = await Promise.all([
    Promise.all(
      vhosts.map(async (vhost) => {
        const names = refs.filter((q) => q.vhost === vhost).map((q) => q.name);
        const [queues, consumers] = await Promise.all([queuesNamed(rabbit, vhost, names), rabbit.consumers(vhost)]);
        return { queues, consumers };
      }),
    ),
    rabbit.connections(),
  ]);
  const consumers = perVhost.flatMap((v) => v.consumers);
  const queues = perVhost
    .flatMap((v) => v.queues)
    .filter((q) => refs.some((d) => d.vhost === q.vhost && d.name === q.name))
    .map((q): QueueSnapshot => ({
      ...q,
      consumerDetails: consumers.filter((c) => c.vhost === q.vhost && c.queue === q.name),
    }));
  const found = new Set(queues.map((q) => queueKey(q.vhost, q.name)));
  const missing = refs.map((q) => q.key).filter((k) => !found.has(k));
  // Only the dead-letter exchanges these queues name (the default exchange needs no bindings).
  const exchanges = new Map<string, { vhost: string; exchange: string }>();
  for (const q of queues)
    if (q.deadLetter && q.deadLetter.exchange !== "")
      exchanges.set(JSON.stringify([q.vhost, q.deadLetter.exchange]), {
        vhost: q.vhost,
        exchange: q.deadLetter.exchange,
      });
  const bindings = (
    await Promise.all([...exchanges.values()].map(({ vhost, exchange }) => rabbit.exchangeBindings(vhost, exchange)))
  ).flat();
  const routes = deadLetterRoutes(queues, bindings, new Set(refs.map((q) => q.key)));
  const dlqByVhost = new Map<string, Set<string>>();
  for (const route of routes) {
    for (const name of route.dlqNames) {
      const names = dlqByVhost.get(route.vhost) ?? new Set<string>();
      names.add(name);
      dlqByVhost.set(route.vhost, names);
    }
  }
  const deadLetterQueues = (
    await Promise.all([...dlqByVhost].map(([vhost, names]) => queuesNamed(rabbit, vhost, [...names])))
  ).flat();
  // The queue list answered first; the state is as of then (the DLQ list follows within the deadline).
  const atMs = queues[0]?.atMs ?? now();
  return toBrokerSnapshot(declared, { queues, missing, deadLetterQueues, routes, connections, atMs });
}

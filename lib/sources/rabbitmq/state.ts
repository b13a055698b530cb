import "server-only";
// The present state of a workflow's queues. Per vhost: one paged queue list filtered to the
// declared names, one consumer list and one bindings list; one connection list for what clients
// say about themselves; then one list of the dead-letter queues the bindings lead to. Five-ish
// requests whatever the number of queues or consumers.
import type { DestinationConfig } from "@/lib/domain/destination";
import type { BrokerSnapshot } from "@/lib/domain/destination";
import { escapeRegex } from "@/lib/sources/prometheus/promql";
import type { RabbitSource } from "./client";
import type { QueueSnapshot } from "./model";
import { queueKey } from "./config";
import { toBrokerSnapshot } from "./snapshot";
import { deadLetterRoutes } from "./topology";

const exact = (names: Iterable<string>) => `^(${[...names].map(escapeRegex).join("|")})$`;

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
        const [queues, consumers, bindings] = await Promise.all([
          rabbit.allQueues({ vhost, name: exact(names), useRegex: true }),
          rabbit.consumers(vhost),
          rabbit.bindings(vhost),
        ]);
        return { queues, consumers, bindings };
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
  const routes = deadLetterRoutes(
    queues,
    perVhost.flatMap((v) => v.bindings),
    new Set(refs.map((q) => q.key)),
  );
  const dlqByVhost = new Map<string, Set<string>>();
  for (const route of routes) {
    for (const name of route.dlqNames) {
      const names = dlqByVhost.get(route.vhost) ?? new Set<string>();
      names.add(name);
      dlqByVhost.set(route.vhost, names);
    }
  }
  const deadLetterQueues = (
    await Promise.all(
      [...dlqByVhost].map(([vhost, names]) => rabbit.allQueues({ vhost, name: exact(names), useRegex: true })),
    )
  ).flat();
  // The queue list answered first; the state is as of then (the DLQ list follows within the deadline).
  const atMs = queues[0]?.atMs ?? now();
  return toBrokerSnapshot(declared, { queues, missing, deadLetterQueues, routes, connections, atMs });
}

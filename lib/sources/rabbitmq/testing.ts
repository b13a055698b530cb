// Small factories for the RabbitMQ adapter's tests: queue snapshots as the management API
// maps to them. Test support only (imported by *.test.ts).
import type { Binding, ConsumerInfo, QueueSnapshot } from "./model";

export const T0 = Date.parse("2026-11-23T19:00:00Z");

export const Q = {
  notification: "order_confirmed.notification",
  inventory: "order_confirmed.inventory",
  retry: "order_confirmation_retry",
} as const;

export function makeQueue(
  name: string,
  init: Partial<QueueSnapshot> & { readyN?: number; consumersN?: number; consumerNames?: string[] } = {},
): QueueSnapshot {
  const { readyN = 0, consumersN, consumerNames, ...rest } = init;
  const names = consumerNames ?? [];
  const consumerDetails: ConsumerInfo[] = names.map((n, i) => ({
    vhost: "/",
    queue: name,
    consumerTag: `amq.ctag-${i}`,
    connectionName: `127.0.0.1:5${i}000 -> 127.0.0.1:5672`,
    ...(n.includes(" -> ") ? {} : { clientConnectionName: n }),
  }));
  return {
    vhost: "/",
    name,
    type: "classic",
    atMs: T0,
    ready: { value: readyN, from: "management_api" },
    unacked: { value: 0, from: "management_api" },
    total: { value: readyN, from: "management_api" },
    consumers: { value: consumersN ?? names.length, from: "management_api" },
    arguments: {},
    consumerDetails,
    ...rest,
  };
}

/** A binding of `source` to a queue in vhost "/". */
export function makeBinding(source: string, destination: string, routingKey: string): Binding {
  return { vhost: "/", source, destination, destinationType: "queue", routingKey, arguments: {} };
}

// RabbitMQ's readout as discovery's broker-neutral topology: queues become destinations in
// their vhost, bindings become routes, a TTL queue returning through the default exchange is a
// delay (never a dead-letter route), a dead-letter exchange resolves to its queues, and a
// consumer carries its connection's name, host and age.
import { describe, expect, it } from "vitest";
import { rabbitDiscoveryTopology } from "./discovery";
import { Q, T0, makeBinding as binding, makeQueue } from "./testing";

describe("rabbitDiscoveryTopology", () => {
  const notification = makeQueue(Q.notification, {
    deadLetter: { exchange: "orders.dlx", routingKey: "failed", from: "arguments" },
  });
  const retry = makeQueue(Q.retry, {
    arguments: { "x-message-ttl": 5000 },
    deadLetter: { exchange: "", routingKey: Q.notification, from: "arguments" },
  });
  const dlq = makeQueue("order_confirmed.dlq");
  const topology = rabbitDiscoveryTopology({
    atMs: T0,
    queues: [notification, retry, dlq],
    bindings: [
      binding("orders", Q.notification, "order_confirmed"),
      binding("orders.dlx", "order_confirmed.dlq", "failed"),
      // The default exchange's implicit binding is not a route to learn.
      binding("", Q.notification, Q.notification),
    ],
    consumers: [
      {
        vhost: "/",
        queue: Q.notification,
        consumerTag: "amq.ctag-1",
        connectionName: "10.0.0.5:51234 -> 10.0.0.9:5672",
        peer: "10.0.0.5:51234",
      },
    ],
    connections: new Map([
      ["10.0.0.5:51234 -> 10.0.0.9:5672", { clientName: "notification-service", peerHost: "10.0.0.5" }],
    ]),
    connectedAt: new Map([["10.0.0.5:51234 -> 10.0.0.9:5672", T0 - 3_600_000]]),
  });

  it("maps queues, routes and the delay queue", () => {
    expect(topology.broker).toBe("rabbitmq");
    expect(topology.destinations.map((d) => [d.scope, d.name, d.returnsTo])).toEqual([
      ["/", Q.notification, undefined],
      ["/", Q.retry, { destination: Q.notification, ttlMs: 5000 }],
      ["/", "order_confirmed.dlq", undefined],
    ]);
    expect(topology.routing).toEqual([
      { scope: "/", exchange: "orders", destination: Q.notification, routingKey: "order_confirmed" },
      { scope: "/", exchange: "orders.dlx", destination: "order_confirmed.dlq", routingKey: "failed" },
    ]);
  });

  it("resolves dead-letter routes through the exchange, and none for the delay queue", () => {
    expect(topology.deadLetterRoutes).toEqual([
      {
        scope: "/",
        destination: Q.notification,
        via: 'exchange "orders.dlx", routing key "failed"',
        targets: ["order_confirmed.dlq"],
      },
    ]);
  });

  it("gives a consumer its connection's name, host and age", () => {
    expect(topology.destinations[0]!.consumers).toEqual([
      {
        label: "notification-service",
        anonymous: false,
        attributes: { consumerTag: "amq.ctag-1", connectionName: "notification-service", peerHost: "10.0.0.5" },
        host: "10.0.0.5",
        connectedAtMs: T0 - 3_600_000,
      },
    ]);
    expect(topology.destinations[1]!.consumers).toEqual([]);
  });
});

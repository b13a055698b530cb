import { afterEach, describe, expect, it } from "vitest";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { rabbitmq } from "./adapter";
import { createRabbitSource } from "./client";
import { rabbitDestinationSchema, rabbitSourceSchema } from "./config";
import { DIRECT_LOOKUP_MAX } from "./state";
import { SourceError } from "../errors";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cfg = (url: string) => ({ managementUrl: url, timeoutMs: 2_000, username: "guest", password: "hunter2" });

const queueBody = (name: string) => ({
  name,
  vhost: "/",
  type: "classic",
  messages: 0,
  consumers: 0,
  arguments: {},
  effective_policy_definition: {},
});

describe("RabbitMQ client against a loopback server", () => {
  it("pages with column selection and walks every page for allQueues", async () => {
    server = await loopback((req, res) => {
      const url = new URL(`http://x${req.url}`);
      const page = Number(url.searchParams.get("page"));
      sendJson(res, 200, {
        items: [queueBody(`q${page}`)],
        page,
        page_size: 500,
        page_count: 3,
        filtered_count: 3,
        item_count: 1,
        total_count: 3,
      });
    });
    const rabbit = createRabbitSource(cfg(server.url), { now: () => 42 });
    const all = await rabbit.allQueues({ vhost: "/" });
    expect(all.map((q) => q.name)).toEqual(["q1", "q2", "q3"]);
    expect(all[0]!.atMs).toBe(42);
    expect(server.requests[0]).toBe(
      "/api/queues/%2F?page=1&page_size=500&pagination=true&columns=name%2Cvhost%2Ctype%2Cstate%2Cdurable%2Cmessages%2Cmessages_ready%2Cmessages_unacknowledged%2Cconsumers%2Cconsumer_utilisation%2Cconsumer_capacity%2Chead_message_timestamp%2Cpolicy%2Carguments%2Ceffective_policy_definition%2Cmessage_stats",
    );
    await rabbit.allQueues({ pageSize: 10_000 });
    expect(server.requests.at(-1)).toContain("page_size=500");
  });

  it("reads a workflow's queues as neutral state: consumers with every identity their client gives", async () => {
    // The declared queue by name, the vhost's consumers, every connection's client properties;
    // then the bindings of the dead-letter exchange it names and the dead-letter queue found.
    // Never the vhost's whole binding list or a filtered queue list: on a broker with 10,000
    // queues those take seconds (docs/scale.md).
    server = await loopback((req, res) => {
      const url = new URL(`http://x${req.url}`);
      if (url.pathname === "/api/queues/%2F/work")
        return sendJson(res, 200, {
          ...queueBody("work"),
          messages_ready: 3,
          messages_unacknowledged: 1,
          consumers: 2,
          arguments: { "x-dead-letter-exchange": "dlx" },
        });
      if (url.pathname === "/api/queues/%2F/work.dlq")
        return sendJson(res, 200, { ...queueBody("work.dlq"), messages_ready: 7 });
      if (url.pathname === "/api/consumers/%2F")
        return sendJson(res, 200, [
          {
            consumer_tag: "ctag-named",
            channel_details: {
              connection_name: "10.0.0.5:5000 -> 10.0.0.9:5672",
              peer_host: "10.0.0.5",
              peer_port: 5000,
            },
            queue: { name: "work", vhost: "/" },
            ack_required: true,
            prefetch_count: 10,
          },
          {
            consumer_tag: "ctag-anonymous",
            channel_details: {
              connection_name: "10.0.0.6:5001 -> 10.0.0.9:5672",
              peer_host: "10.0.0.6",
              peer_port: 5001,
            },
            queue: { name: "work", vhost: "/" },
          },
        ]);
      if (url.pathname === "/api/exchanges/%2F/dlx/bindings/source")
        return sendJson(res, 200, [
          {
            source: "dlx",
            vhost: "/",
            destination: "work.dlq",
            destination_type: "queue",
            routing_key: "",
            arguments: {},
          },
        ]);
      if (url.pathname === "/api/connections")
        return sendJson(res, 200, [
          {
            name: "10.0.0.5:5000 -> 10.0.0.9:5672",
            client_properties: { connection_name: "worker-1", product: "amqplib" },
            user: "worker",
            peer_host: "10.0.0.5",
          },
          {
            name: "10.0.0.6:5001 -> 10.0.0.9:5672",
            client_properties: { product: "pika" },
            user: "billing",
            peer_host: "10.0.0.6",
          },
        ]);
      sendJson(res, 404, { error: "Object Not Found", reason: "Not Found" });
    });
    const broker = rabbitmq.connect(rabbitSourceSchema.parse(cfg(server.url)));
    const declared = [rabbitDestinationSchema.parse({ queue: "work", consumers: ["worker"] })];
    const state = await broker.state(declared);
    const work = state.destinations[0]!;
    expect(work).toMatchObject({
      exists: true,
      waiting: { value: 3 },
      inFlight: { value: 1 },
      consumerCount: { value: 2 },
    });
    expect(work.consumers?.value).toEqual([
      {
        id: "ctag-named",
        label: "worker-1",
        anonymous: false,
        attributes: {
          consumerTag: "ctag-named",
          connectionName: "worker-1",
          product: "amqplib",
          user: "worker",
          peerHost: "10.0.0.5",
        },
        peer: "10.0.0.5:5000",
        prefetchCount: 10,
        ackRequired: true,
      },
      {
        id: "ctag-anonymous",
        label: "10.0.0.6:5001 -> 10.0.0.9:5672",
        anonymous: true,
        attributes: {
          consumerTag: "ctag-anonymous",
          connectionName: "10.0.0.6:5001 -> 10.0.0.9:5672",
          product: "pika",
          user: "billing",
          peerHost: "10.0.0.6",
        },
        peer: "10.0.0.6:5001",
      },
    ]);
    expect(state.deadLetterRoutes).toEqual([
      {
        sourceKey: "//work",
        via: 'exchange "dlx"',
        targets: [{ key: "//work.dlq", name: "work.dlq", identity: { vhost: "/", queue: "work.dlq" } }],
      },
    ]);
    expect(state.deadLetterStates[0]).toMatchObject({ ref: { key: "//work.dlq" }, waiting: { value: 7 } });
    expect(server.requests.map((r) => r.split("?")[0]).sort()).toEqual([
      "/api/connections",
      "/api/consumers/%2F",
      "/api/exchanges/%2F/dlx/bindings/source",
      "/api/queues/%2F/work",
      "/api/queues/%2F/work.dlq",
    ]);
    expect(server.requests.find((r) => r.startsWith("/api/queues/%2F/work?"))).toContain("columns=name%2Cvhost");
  });

  it("a declared queue the broker does not have (404) is missing, and a missing dead-letter exchange routes nowhere", async () => {
    server = await loopback((req, res) => {
      const url = new URL(`http://x${req.url}`);
      if (url.pathname === "/api/queues/%2F/work")
        return sendJson(res, 200, { ...queueBody("work"), arguments: { "x-dead-letter-exchange": "gone" } });
      if (url.pathname === "/api/consumers/%2F" || url.pathname === "/api/connections") return sendJson(res, 200, []);
      sendJson(res, 404, { error: "Object Not Found", reason: "Not Found" });
    });
    const broker = rabbitmq.connect(rabbitSourceSchema.parse(cfg(server.url)));
    const declared = ["work", "absent"].map((queue) => rabbitDestinationSchema.parse({ queue, consumers: [] }));
    const state = await broker.state(declared);
    expect(state.destinations.map((d) => [d.ref.key, d.exists])).toEqual([
      ["//work", true],
      ["//absent", false],
    ]);
    expect(state.deadLetterRoutes).toEqual([{ sourceKey: "//work", via: 'exchange "gone"', targets: [] }]);
    expect(server.requests.map((r) => r.split("?")[0])).toContain("/api/exchanges/%2F/gone/bindings/source");
  });

  it("more than DIRECT_LOOKUP_MAX queues in a vhost are read in one filtered list", async () => {
    const names = Array.from({ length: DIRECT_LOOKUP_MAX + 1 }, (_, i) => `q${i}`);
    server = await loopback((req, res) => {
      const url = new URL(`http://x${req.url}`);
      if (url.pathname === "/api/queues/%2F")
        return sendJson(res, 200, {
          items: names.map(queueBody),
          page: 1,
          page_size: 500,
          page_count: 1,
          filtered_count: names.length,
          total_count: 10_000,
        });
      sendJson(res, 200, []);
    });
    const broker = rabbitmq.connect(rabbitSourceSchema.parse(cfg(server.url)));
    const state = await broker.state(names.map((queue) => rabbitDestinationSchema.parse({ queue, consumers: [] })));
    expect(state.destinations.every((d) => d.exists)).toBe(true);
    const queueRequests = server.requests.filter((r) => r.startsWith("/api/queues"));
    expect(queueRequests).toHaveLength(1);
    expect(new URL(`http://x${queueRequests[0]}`).searchParams.get("name")).toBe(`^(${names.join("|")})$`);
  });

  it("401 says which variables to check and never shows the password", async () => {
    server = await loopback((_req, res) => sendJson(res, 401, { error: "not_authorised", reason: "Login failed" }));
    const rabbit = createRabbitSource(cfg(server.url));
    const error = await rabbit.allQueues({ vhost: "/" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/^401 from RabbitMQ at .*: check RABBITMQ_USER\/RABBITMQ_PASSWORD/);
    expect((error as SourceError).message).not.toContain("hunter2");
    const health = await rabbit.health();
    expect(health.ok).toBe(false);
    expect(health.message).toMatch(/^401 from RabbitMQ/);
  });

  it("health: version and cluster; a resource alarm is degraded", async () => {
    let alarm = false;
    server = await loopback((req, res) => {
      if (req.url === "/api/overview") return sendJson(res, 200, { product_version: "3.10.8", cluster_name: "lab" });
      if (req.url === "/api/health/checks/alarms")
        return alarm
          ? sendJson(res, 503, { status: "failed", reason: "resource alarm(s) in effect" })
          : sendJson(res, 200, { status: "ok" });
      sendJson(res, 404, {});
    });
    const rabbit = createRabbitSource(cfg(server.url));
    expect(await rabbit.health()).toMatchObject({
      ok: true,
      version: "3.10.8",
      message: "RabbitMQ 3.10.8 (cluster lab) answers",
    });
    alarm = true;
    const degraded = await rabbit.health();
    expect(degraded).toMatchObject({ ok: true, degraded: true });
    expect(degraded.message).toMatch(/resource alarm/);
  });
});

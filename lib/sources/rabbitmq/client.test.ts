import { afterEach, describe, expect, it } from "vitest";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { createRabbitSource } from "./client";
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
    await rabbit.queues({ pageSize: 10_000 });
    expect(server.requests.at(-1)).toContain("page_size=500");
  });

  it("reads one queue with consumers and resolves the client's connection name", async () => {
    server = await loopback((req, res) => {
      if (req.url === "/api/queues/%2F/a%22b%5Cc%2Fd") {
        return sendJson(res, 200, {
          ...queueBody('a"b\\c/d'),
          consumers: 2,
          consumer_details: [
            {
              consumer_tag: "ctag-1",
              channel_details: {
                connection_name: "127.0.0.1:5000 -> 127.0.0.1:5672",
                name: "ch1",
                peer_host: "127.0.0.1",
                peer_port: 5000,
              },
              ack_required: true,
              prefetch_count: 10,
              active: true,
              queue: { name: 'a"b\\c/d', vhost: "/" },
            },
            { consumer_tag: "ctag-2", channel_details: [], ack_required: false, prefetch_count: 0, active: false },
          ],
        });
      }
      if (req.url === "/api/connections/127.0.0.1%3A5000%20-%3E%20127.0.0.1%3A5672") {
        return sendJson(res, 200, {
          name: "127.0.0.1:5000 -> 127.0.0.1:5672",
          client_properties: { connection_name: "notification-service" },
        });
      }
      sendJson(res, 404, { error: "Object Not Found", reason: "Not Found" });
    });
    const rabbit = createRabbitSource(cfg(server.url));
    const queue = await rabbit.queue("/", 'a"b\\c/d');
    expect(queue?.consumerDetails).toEqual([
      {
        vhost: "/",
        queue: 'a"b\\c/d',
        consumerTag: "ctag-1",
        connectionName: "127.0.0.1:5000 -> 127.0.0.1:5672",
        peer: "127.0.0.1:5000",
        clientConnectionName: "notification-service",
        channelName: "ch1",
        ackRequired: true,
        prefetchCount: 10,
        active: true,
      },
      { vhost: "/", queue: 'a"b\\c/d', consumerTag: "ctag-2", ackRequired: false, prefetchCount: 0, active: false },
    ]);
    expect(await rabbit.queue("/", "missing")).toBeUndefined();
  });

  it("401 says which variables to check and never shows the password", async () => {
    server = await loopback((_req, res) => sendJson(res, 401, { error: "not_authorised", reason: "Login failed" }));
    const rabbit = createRabbitSource(cfg(server.url));
    const error = await rabbit.overview().catch((e: unknown) => e);
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

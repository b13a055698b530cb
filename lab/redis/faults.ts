// The Redis Streams lab's faults, one per consumer group of the checkout stream (config.ts,
// REDIS_LANES), so that all of them can be on at once. Registered in lab/faults.ts. The lane
// services and the producer read the in-place ones from .lab/faults.json within a second;
// apply() does what needs a process.
import path from "node:path";
import { createClient } from "redis";
import { repoRoot } from "../config";
import type { BrokerFaults } from "../fault-set";
import { isRunning, start, stop, waitFor } from "../procs";
import { REDIS_STREAMS, REDIS_UNDECLARED_CONSUMER as U, redisUrl } from "./config";
import { startRedisLaneService } from "./stack";

type RedisFault =
  | "redis-consumer-crashloop"
  | "redis-stalled-consumer"
  | "redis-slow-consumer"
  | "redis-poison-messages"
  | "redis-undeclared-consumer"
  | "redis-silent-drop";

async function redis<R>(f: (c: { sendCommand(args: string[]): Promise<unknown> }) => Promise<R>): Promise<R> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.quit();
  }
}

const consumersOf = (group: string) =>
  redis(
    async (c) =>
      (await c.sendCommand(["XINFO", "CONSUMERS", REDIS_STREAMS.orderConfirmed, group])) as { name: string }[],
  );

export const REDIS_FAULTS: BrokerFaults<RedisFault> = {
  descriptions: {
    "redis-consumer-crashloop":
      "redis-invoicing-service (group invoicing) restarts without INVOICE_API_TOKEN, exits at start-up, the supervisor restarts it with back-off",
    "redis-stalled-consumer": "the shipping group's consumer hangs: reads no more, acks nothing, stays registered",
    "redis-slow-consumer": "the loyalty group's consumer takes --delay-ms (1500) per entry, slower than they arrive",
    "redis-poison-messages":
      "the producer marks a --share (0.2) of entries unparseable for receipts, which leaves them pending and retries until they pass 3 deliveries",
    "redis-undeclared-consumer": `a forgotten export job reads the analytics group as consumer ${U.name}, undeclared`,
    "redis-silent-drop": "the stock group's consumer acks a --share (0.3) of entries without the work, without a line",
  },
  defaults: {
    "redis-consumer-crashloop": { service: "redis-invoicing-service" },
    "redis-stalled-consumer": { service: "redis-fulfilment-service" },
    "redis-slow-consumer": { service: "redis-fulfilment-service", delayMs: 1500 },
    "redis-poison-messages": { share: 0.2, service: "redis-order-service" },
    "redis-undeclared-consumer": { service: U.process },
    "redis-silent-drop": { share: 0.3, service: "redis-fulfilment-service" },
  },
  async apply(name, on) {
    switch (name) {
      case "redis-consumer-crashloop":
        await stop("redis-invoicing-service");
        startRedisLaneService("redis-invoicing-service", on);
        return;
      case "redis-undeclared-consumer":
        if (on) {
          if (!isRunning(U.process))
            start({
              name: U.process,
              command: process.execPath,
              args: [
                "--import",
                "tsx",
                path.join(repoRoot, "lab", "redis", "checkout.ts"),
                "consumer",
                U.group,
                U.name,
              ],
              cwd: repoRoot,
            });
          // Redis 7.0 lists a consumer once XREADGROUP delivered to it; a busy machine starts Node slowly.
          await waitFor(U.process, async () => (await consumersOf(U.group)).some((c) => c.name === U.name), 90_000);
        } else {
          await stop(U.process);
          // A consumer stays listed in its group until deleted (its pending entries go with it).
          await redis((c) => c.sendCommand(["XGROUP", "DELCONSUMER", REDIS_STREAMS.orderConfirmed, U.group, U.name]));
        }
        return;
      default:
        return; // read by the running services within a second
    }
  },
};

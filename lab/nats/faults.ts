// The NATS JetStream lab's faults, one per lane (config.ts, NATS_LANES), so that all of them
// can be on at once. Registered in lab/faults.ts. The lane services read the in-place ones
// from .lab/faults.json within a second; apply() does what needs a process.
import path from "node:path";
import { repoRoot } from "../config";
import type { BrokerFaults } from "../fault-set";
import { isRunning, start, stop, waitFor } from "../procs";
import { NATS_LANES, NATS_UNDECLARED_CONSUMER as U } from "./config";
import { startNatsService } from "./server";

type NatsFault =
  | "nats-consumer-crashloop"
  | "nats-stalled-consumer"
  | "nats-slow-consumer"
  | "nats-poison-messages"
  | "nats-undeclared-consumer"
  | "nats-silent-drop";

async function consumerNames(stream: string): Promise<string[]> {
  const { withNats } = await import("./topology");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  return withNats("lab-fault", async (nc) => {
    const names: string[] = [];
    for await (const c of (await jetstreamManager(nc)).consumers.list(stream)) names.push(c.name);
    return names;
  });
}

export const NATS_FAULTS: BrokerFaults<NatsFault> = {
  descriptions: {
    "nats-consumer-crashloop":
      "nats-invoicing-service (INVOICES/invoicing) restarts without INVOICE_API_TOKEN, exits at start-up, the supervisor restarts it with back-off",
    "nats-stalled-consumer":
      "nats-fulfilment-service holds what SHIPMENTS/shipping gives it, unacked, as a call that never returns; its pull requests keep waiting",
    "nats-slow-consumer": "LOYALTY/loyalty takes --delay-ms (1500) per message, slower than the orders arrive",
    "nats-poison-messages":
      "the publisher sends a --share (0.2) of RECEIPTS' messages unparseable; receipts naks them until max_deliver (3): max-deliveries advisories",
    "nats-undeclared-consumer": `a forgotten export job adds its own durable consumer ${U.name} on ANALYTICS' subject, undeclared`,
    "nats-silent-drop":
      "STOCK/stock acks a --share (0.3) of messages without the work (no stock.handle span), without a line",
  },
  defaults: {
    "nats-consumer-crashloop": { service: "nats-invoicing-service" },
    "nats-stalled-consumer": { service: "nats-fulfilment-service" },
    "nats-slow-consumer": { service: "nats-fulfilment-service", delayMs: 1500 },
    "nats-poison-messages": { share: 0.2, service: "nats-order-publisher" },
    "nats-undeclared-consumer": { service: U.process },
    "nats-silent-drop": { share: 0.3, service: "nats-fulfilment-service" },
  },
  async apply(name, on) {
    switch (name) {
      case "nats-consumer-crashloop":
        await stop("nats-invoicing-service");
        startNatsService("nats-invoicing-service", on);
        return;
      case "nats-undeclared-consumer": {
        const stream = NATS_LANES.analytics.stream;
        if (on) {
          if (!isRunning(U.process))
            start({
              name: U.process,
              command: process.execPath,
              args: ["--import", "tsx", path.join(repoRoot, "lab", "nats", "services", "undeclared-consumer.ts")],
              cwd: repoRoot,
            });
          await waitFor(U.process, async () => (await consumerNames(stream)).includes(U.name), 90_000);
        } else {
          await stop(U.process);
          // A durable outlives its client: left, it would hold ANALYTICS' messages (interest retention).
          const { withNats } = await import("./topology");
          const { jetstreamManager } = await import("@nats-io/jetstream");
          if ((await consumerNames(stream)).includes(U.name))
            await withNats("lab-fault", async (nc) => (await jetstreamManager(nc)).consumers.delete(stream, U.name));
        }
        return;
      }
      default:
        return; // read by the running services within a second
    }
  },
};

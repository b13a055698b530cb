// A consumer is stopped: no consumers on its queue, depth grows, Prometheus sees the target down.
import { afterAll, describe, expect, it } from "vitest";
import { lab, labOk, promQuery, ports, queue, Q, sleep, waitUntil } from "./helpers";

describe("fault consumer-down", () => {
  afterAll(async () => {
    await labOk("fault", "consumer-down", "off");
  });

  it("stops inventory-service: zero consumers, growing depth, scrape target down", async () => {
    await labOk("fault", "consumer-down", "on", "--service", "inventory-service");
    const status = await lab("status");
    expect(status.stdout).toMatch(/inventory-service\s+stopped \(stopped by fault consumer-down\)/);
    // The management API's consumer count follows its stats interval (2 s in the lab).
    const first = await waitUntil(
      "no consumer on the inventory queue",
      async () => {
        const q = await queue(Q.inventory);
        return q.consumers === 0 ? q : undefined;
      },
      15_000,
    );
    await sleep(15_000);
    const last = await queue(Q.inventory);
    expect(last.consumers).toBe(0);
    expect(last.messages - first.messages).toBeGreaterThan(40);
    await waitUntil(
      "Prometheus to mark the inventory target down",
      async () => {
        const r = await promQuery(`up{instance="127.0.0.1:${ports.inventoryMetrics}"}`);
        return r[0]?.value[1] === "0";
      },
      20_000,
    );
  });

  it("comes back and drains", async () => {
    await labOk("fault", "consumer-down", "off");
    await waitUntil(
      "inventory-service to consume again",
      async () => (await queue(Q.inventory)).consumers === 1,
      30_000,
    );
    await waitUntil("the backlog to drain", async () => (await queue(Q.inventory)).messages < 20, 60_000, 2000);
  });
});

// Seed 001: notification-service crash-loops on a configuration typo (SMTP_PASS for
// SMTP_PASSWORD). RabbitMQ must show no consumer on its queue while the depth grows.
import { afterAll, describe, expect, it } from "vitest";
import { labOk, logLines, paths, queue, Q, sleep, waitUntil } from "./helpers";
import fs from "node:fs";
import path from "node:path";

describe("fault consumer-crashloop", () => {
  afterAll(async () => {
    await labOk("fault", "consumer-crashloop", "off");
  });

  it("leaves order_confirmed.notification without consumers while its depth grows", async () => {
    const startedAt = Date.now();
    await labOk("fault", "consumer-crashloop", "on");
    await waitUntil(
      "the notification consumer to disappear",
      async () => (await queue(Q.notification)).consumers === 0,
      30_000,
    );

    const samples: { consumers: number; messages: number }[] = [];
    for (let i = 0; i < 8; i++) {
      const q = await queue(Q.notification);
      samples.push({ consumers: q.consumers, messages: q.messages });
      await sleep(2500);
    }
    expect(
      samples.every((s) => s.consumers === 0),
      JSON.stringify(samples),
    ).toBe(true);
    // 5 checkouts/s for ~17.5 s: well over 40 new messages, and never shrinking.
    expect(samples.at(-1)!.messages - samples[0]!.messages).toBeGreaterThan(40);
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]!.messages).toBeGreaterThanOrEqual(samples[i - 1]!.messages);

    // The supervisor restarts it with back-off, and the only trace of why is its own start-up
    // line. Waited for rather than read once: on a loaded machine (CI runs the lab beside the
    // unit and e2e tests) each start of the service takes longer, and the second restart can
    // come after the samples above.
    const restarts = () =>
      fs.readFileSync(path.join(paths.logs, "notification-service.out"), "utf8").match(/restart #\d+/g)?.length ?? 0;
    const configErrors = () =>
      logLines("notification-service").filter(
        (l) => String(l.msg).includes("SMTP_PASSWORD is not set") && Date.parse(String(l.time)) >= startedAt - 1000,
      ).length;
    await waitUntil(
      "two restarts, each logging why it stopped",
      async () => restarts() >= 2 && configErrors() >= 2,
      60_000,
    );
  });

  it("recovers when the fault is switched off: the consumer returns and drains the backlog", async () => {
    await labOk("fault", "consumer-crashloop", "off");
    await waitUntil("a notification consumer", async () => (await queue(Q.notification)).consumers === 1, 60_000);
    await waitUntil("the backlog to drain", async () => (await queue(Q.notification)).messages < 20, 90_000, 2000);
  });
});

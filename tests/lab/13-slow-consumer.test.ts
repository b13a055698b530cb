// A consumer's processing time rises above the arrival interval: lag and the age of the oldest
// message grow.
import { afterAll, describe, expect, it } from "vitest";
import { labOk, promQuery, queue, Q, sleep, waitUntil } from "./helpers";

describe("fault slow-consumer", () => {
  afterAll(async () => {
    await labOk("fault", "slow-consumer", "off");
  });

  it("makes the notification queue's depth and oldest-message age grow while the consumer stays attached", async () => {
    await labOk("fault", "slow-consumer", "on", "--service", "notification-service", "--delay-ms", "600");
    await sleep(3000);
    const first = await queue(Q.notification);
    await sleep(25_000);
    const last = await queue(Q.notification);
    expect(last.consumers).toBe(1);
    // 5/s in, at most ~1.6/s out: the backlog grows by well over 50 in 25 s.
    expect(last.messages_ready - first.messages_ready).toBeGreaterThan(50);
    // head_message_timestamp is the `timestamp` property of the oldest ready message (seconds).
    expect(last.head_message_timestamp).toBeDefined();
    const ageSeconds = Date.now() / 1000 - last.head_message_timestamp!;
    expect(ageSeconds).toBeGreaterThan(15);

    const series = await waitUntil(
      "rabbitmq_queue_head_message_timestamp in Prometheus",
      async () => {
        const r = await promQuery(`rabbitmq_queue_head_message_timestamp{queue="${Q.notification}"}`);
        return r.length > 0 && Number(r[0]!.value[1]) > 0 ? r : undefined;
      },
      20_000,
    );
    expect(Date.now() / 1000 - Number(series[0]!.value[1])).toBeGreaterThan(10);
  });

  it("catches up once the fault is off", async () => {
    await labOk("fault", "slow-consumer", "off");
    await waitUntil("the backlog to drain", async () => (await queue(Q.notification)).messages < 20, 90_000, 2000);
  });
});

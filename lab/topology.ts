// The checkout workflow's RabbitMQ topology, declared once. Services call `declareTopology`
// on start-up (declarations are idempotent), so the broker always matches this file.
import type { Channel } from "amqplib";

export const EXCHANGE = "orders";
export const ROUTING_KEY = "order_confirmed";
export const DEAD_LETTER_EXCHANGE = "orders.dlx";

export const QUEUES = {
  notification: "order_confirmed.notification",
  inventory: "order_confirmed.inventory",
  retry: "order_confirmation_retry",
} as const;

export const dlqOf = (queue: string) => `${queue}.dlq`;

/** How long a message waits in the retry queue before it returns to the notification queue. */
export const RETRY_DELAY_MS = Number(process.env.LAB_RETRY_DELAY_MS ?? 5000);
/** Attempts at a notification; the last one always succeeds, so the healthy lab never dead-letters. */
export const MAX_ATTEMPTS = 3;

export async function declareTopology(ch: Channel): Promise<void> {
  await ch.assertExchange(EXCHANGE, "topic", { durable: true });
  await ch.assertExchange(DEAD_LETTER_EXCHANGE, "direct", { durable: true });

  for (const queue of [QUEUES.notification, QUEUES.inventory]) {
    // Classic queues: head_message_timestamp (age of the oldest message) is classic-only.
    await ch.assertQueue(queue, {
      durable: true,
      arguments: {
        "x-queue-type": "classic",
        "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
        "x-dead-letter-routing-key": dlqOf(queue),
      },
    });
    await ch.bindQueue(queue, EXCHANGE, ROUTING_KEY);
    await ch.assertQueue(dlqOf(queue), { durable: true, arguments: { "x-queue-type": "classic" } });
    await ch.bindQueue(dlqOf(queue), DEAD_LETTER_EXCHANGE, dlqOf(queue));
  }

  // The retry queue has no consumer by design: a message sits out its TTL, then RabbitMQ
  // dead-letters it through the default exchange straight back to the notification queue.
  await ch.assertQueue(QUEUES.retry, {
    durable: true,
    arguments: {
      "x-queue-type": "classic",
      "x-message-ttl": RETRY_DELAY_MS,
      "x-dead-letter-exchange": "",
      "x-dead-letter-routing-key": QUEUES.notification,
    },
  });
}

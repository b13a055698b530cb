// website-counter: the misrouting story (seed 003). A marketing integration counts orders for the
// website banner and was pointed at the inventory queue instead of its own. It is not part of
// the checkout workflow and has no tracing: it only shows up as an unexpected consumer
// (connection name "website-counter") in the queue's consumer_details, and as missing work.
import { createRequire } from "node:module";
import { rabbit } from "../config";
import { QUEUES } from "../topology";

const require = createRequire(import.meta.url);
const amqp = require("amqplib") as typeof import("amqplib");

let counted = 0;
const conn = await amqp.connect(rabbit.amqpUrl, { clientProperties: { connection_name: "website-counter" } });
conn.on("close", () => {
  console.error("website-counter: connection closed");
  process.exit(1);
});
const ch = await conn.createChannel();
await ch.prefetch(1);
await ch.consume(QUEUES.inventory, (msg) => {
  if (!msg) return;
  counted++;
  ch.ack(msg);
});
const timer = setInterval(
  () => console.log(`${new Date().toISOString()} website-counter: ${counted} orders counted`),
  10_000,
);
process.on("SIGTERM", () => {
  clearInterval(timer);
  conn.removeAllListeners("close");
  void conn.close().finally(() => process.exit(0));
});

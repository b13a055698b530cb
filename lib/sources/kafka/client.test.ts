// The client's failure path against a real closed port (nothing to mock: the admin client
// really connects and really gets ECONNREFUSED), and the config schema's refusals.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { SourceError } from "../errors";
import { createKafkaSource } from "./client";
import { kafkaDestinationSchema, kafkaSourceSchema } from "./config";

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("createKafkaSource", () => {
  it("throws a SourceError naming the brokers when none answers, and keeps it as the last error", async () => {
    const port = await closedPort();
    const source = createKafkaSource(kafkaSourceSchema.parse({ brokers: [`127.0.0.1:${port}`], timeoutMs: 2000 }));
    const declared = [kafkaDestinationSchema.parse({ topic: "orders", group: "g", consumers: [] })];
    const error = await source.state(declared).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain(`Kafka (127.0.0.1:${port}): reading groups and offsets failed`);
    expect(source.lastError()?.message).toBe((error as SourceError).message);
    const health = await source.health();
    expect(health.ok).toBe(false);
    expect(health.message).toContain("listing topics failed");
    await source.close();
  });
});

describe("kafka config", () => {
  it("keys a destination topic@group and keeps its declared dead-letter topics", () => {
    const d = kafkaDestinationSchema.parse({
      topic: "orders",
      group: "billing",
      consumers: [{ clientId: "billing-*" }],
      deadLetterTopics: ["orders.DLT"],
    });
    expect(d.ref.key).toBe("orders@billing");
    expect(d.deadLetterTopics).toEqual(["orders.DLT"]);
    expect(d.retryTopics).toEqual([]);
  });

  it("refuses brokers without a port and consumer identities Kafka does not give", () => {
    expect(kafkaSourceSchema.safeParse({ brokers: ["kafka-1"] }).success).toBe(false);
    const bad = kafkaDestinationSchema.safeParse({ topic: "t", group: "g", consumers: [{ consumerTag: "x" }] });
    expect(bad.success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { natsDestinationSchema, natsSourceSchema } from "./config";

describe("sources.nats and a JetStream destination", () => {
  it("keys a destination stream/consumer and always allows the declared consumer itself", () => {
    const d = natsDestinationSchema.parse({ stream: "ORDERS", consumer: "notification", consumers: ["audit"] });
    expect(d.ref).toEqual({
      key: "ORDERS/notification",
      name: "notification",
      identity: { stream: "ORDERS", consumer: "notification" },
    });
    expect(d.consumers).toEqual([{ consumer: "notification" }, { name: "audit" }]);
  });

  it("rejects identities JetStream does not give, and wildcards in names", () => {
    expect(
      natsDestinationSchema.safeParse({ stream: "ORDERS", consumer: "n", consumers: [{ connectionName: "x" }] })
        .success,
    ).toBe(false);
    expect(natsDestinationSchema.safeParse({ stream: "ORDERS.>", consumer: "n" }).success).toBe(false);
  });

  it("defaults the activity window to 30 s and needs a nats:// URL for the advisory stream", () => {
    expect(natsSourceSchema.parse({ monitorUrl: "http://127.0.0.1:8222/" })).toMatchObject({
      monitorUrl: "http://127.0.0.1:8222",
      activeWithin: 30,
    });
    expect(
      natsSourceSchema.safeParse({
        monitorUrl: "http://127.0.0.1:8222",
        deadLetters: { natsUrl: "http://x", advisoryStream: "DL" },
      }).success,
    ).toBe(false);
  });
});

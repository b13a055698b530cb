// `sources.<broker>.sampler`: off unless turned on, 5 s by default, and the adapters hand the
// runner a plan only when it is on.
import { describe, expect, it } from "vitest";
import { kafka } from "./kafka/adapter";
import { kafkaSourceSchema } from "./kafka/config";
import { nats } from "./nats/adapter";
import { natsSourceSchema } from "./nats/config";

// Both adapters have a sampler; called through `!` so that losing one fails here instead of
// every "no plan" expectation passing on an undefined function.
const kafkaPlan = kafka.sampler!;
const natsPlan = nats.sampler!;

describe("the broker sampler's config", () => {
  it("is off by default: no plan", () => {
    expect(typeof kafka.sampler).toBe("function");
    expect(typeof nats.sampler).toBe("function");
    expect(kafkaPlan(kafkaSourceSchema.parse({ brokers: ["k:9092"] }))).toBeUndefined();
    expect(natsPlan(natsSourceSchema.parse({ monitorUrl: "http://n:8222" }))).toBeUndefined();
    expect(kafkaPlan(kafkaSourceSchema.parse({ brokers: ["k:9092"], sampler: { enabled: false } }))).toBeUndefined();
  });

  it("on, samples every 5 s unless the interval says otherwise", () => {
    expect(
      kafkaPlan(kafkaSourceSchema.parse({ brokers: ["k:9092"], sampler: { enabled: true } }))?.intervalSeconds,
    ).toBe(5);
    expect(
      natsPlan(natsSourceSchema.parse({ monitorUrl: "http://n:8222", sampler: { enabled: true, interval: "15s" } }))
        ?.intervalSeconds,
    ).toBe(15);
  });

  it("rejects unknown keys and a non-duration interval", () => {
    expect(kafkaSourceSchema.safeParse({ brokers: ["k:9092"], sampler: { enabled: true, every: "5s" } }).success).toBe(
      false,
    );
    expect(natsSourceSchema.safeParse({ monitorUrl: "http://n:8222", sampler: { interval: "soon" } }).success).toBe(
      false,
    );
  });
});

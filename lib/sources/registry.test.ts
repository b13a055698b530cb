import { describe, expect, it } from "vitest";
import { createSources, toSourceStatus } from "./registry";

describe("source registry", () => {
  it("creates clients only for configured sources", () => {
    const all = createSources({ prometheus: { url: "http://p:9090", timeoutMs: 1000, scrapeInterval: 15 } });
    expect(Object.keys(all)).toEqual(["prometheus", "brokers"]);
    expect(all.brokers).toEqual({});
  });

  it("maps health to status: unconfigured, down, degraded, ok; URLs without credentials", () => {
    expect(toSourceStatus("jaeger", undefined, undefined)).toMatchObject({
      status: "unconfigured",
      displayName: "Jaeger",
    });
    const lastError = { message: "boom", kind: "timeout" as const, atMs: 5 };
    expect(
      toSourceStatus("rabbitmq", { ok: false, message: "down", latencyMs: 3 }, lastError, "http://u:secret@h:15672"),
    ).toEqual({
      name: "rabbitmq",
      displayName: "RabbitMQ",
      status: "down",
      message: "down",
      latencyMs: 3,
      lastError: { message: "boom", kind: "timeout", atMs: 5 },
      url: "http://h:15672",
    });
    expect(
      toSourceStatus("rabbitmq", { ok: true, degraded: true, message: "alarm", latencyMs: 1 }, lastError).status,
    ).toBe("degraded");
    expect(
      toSourceStatus("prometheus", { ok: true, message: "ok", latencyMs: 1, version: "3" }, undefined).status,
    ).toBe("ok");
  });
});

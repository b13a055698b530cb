// The Jaeger source against the lab's Jaeger (npm run test:lab).
import { describe, expect, it } from "vitest";
import { createJaegerSource } from "@/lib/sources/jaeger/client";
import { v1ToTrace } from "@/lib/sources/jaeger/map-v1";
import { v1TracesEnvelopeSchema } from "@/lib/sources/jaeger/schemas";
import { sourceCallCounts } from "@/lib/telemetry/metrics";

const cfg = { url: "http://127.0.0.1:16686", timeoutMs: 5_000 };
const jaeger = createJaegerSource(cfg);
const recent = () => {
  const end = new Date();
  return { start: new Date(end.getTime() - 2 * 60_000), end };
};
// Spans reach Jaeger through batch exporters (up to ~5 s late, per service), so the newest
// traces may hold the producer span but not yet their consumers' spans: search a window that
// ends well before now when a test needs whole traces.
const settled = () => {
  const end = new Date(Date.now() - 20_000);
  return { start: new Date(end.getTime() - 2 * 60_000), end };
};

describe("Jaeger source (lab)", () => {
  it("speaks api_v3 and its health counts the lab's services", async () => {
    expect(await jaeger.api()).toBe("v3");
    const health = await jaeger.health();
    expect(health).toMatchObject({ ok: true, version: "api_v3" });
    expect(health.message).toMatch(/Jaeger answers \(api_v3\), \d+ services/);
  });

  it("search finds producer and consumer spans; consumers link to the producer span", async () => {
    const result = await jaeger.findTraces({ service: "order-service", ...settled(), limit: 5 });
    expect(result.api).toBe("v3");
    expect(result.traces.length).toBeGreaterThan(0);
    expect(result.traces.length).toBeLessThanOrEqual(5);
    const spans = result.traces.flatMap((t) => t.spans);
    const producer = spans.find((s) => s.kind === "producer" && s.name === "publish orders");
    expect(producer).toBeDefined();
    const consumers = spans.filter((s) => s.kind === "consumer" && s.links.some((l) => l.spanId === producer!.spanId));
    expect(consumers.length).toBeGreaterThan(0);
  });

  it("a search with no match is empty, not an error", async () => {
    expect(await jaeger.findTraces({ service: 'no-such-"service', ...recent(), limit: 5 })).toEqual({
      traces: [],
      warnings: [],
      api: "v3",
    });
  });

  it("a trace found through api_v3 maps to the same spans as through v1 (the fallback for older servers)", async () => {
    const [fromV3] = (await jaeger.findTraces({ service: "order-service", ...settled(), limit: 1 })).traces;
    const v1 = await jaeger.http.get({ path: `/api/traces/${fromV3!.traceId}` });
    const fromV1 = v1ToTrace(v1TracesEnvelopeSchema.parse(v1.body).data![0]!);
    const key = (t: typeof fromV1) =>
      t.spans
        .map((s) => [s.spanId, s.parentSpanId, s.kind, s.service, s.name, s.startUs, s.durationUs, s.status.code])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(key(fromV3!)).toEqual(key(fromV1));
  });

  it("100 concurrent identical searches cost one upstream call", async () => {
    const fresh = createJaegerSource(cfg);
    await fresh.api();
    const window = recent();
    const before = (await sourceCallCounts("jaeger")).upstream;
    await Promise.all(
      Array.from({ length: 100 }, () => fresh.findTraces({ service: "order-service", ...window, limit: 5 })),
    );
    expect((await sourceCallCounts("jaeger")).upstream - before).toBe(1);
  });
});

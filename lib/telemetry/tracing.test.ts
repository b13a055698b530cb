import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpSource } from "@/lib/sources/http";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";

// Every upstream attempt is a client span when an SDK is registered (the app registers none
// by default; the API is then a no-op).
const exporter = new InMemorySpanExporter();
let server: Loopback;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  let n = 0;
  server = await loopback((_req, res) =>
    n++ === 0 ? sendJson(res, 503, { error: "busy" }) : sendJson(res, 200, { ok: true }),
  );
});
afterAll(async () => {
  trace.disable();
  await server.close();
});

describe("upstream tracing", () => {
  it("records one client span per attempt, with status, URL without query, and the error kind", async () => {
    const client = createHttpSource({
      source: "prometheus",
      baseUrl: server.url,
      timeoutMs: 1000,
      retries: 1,
      retryBaseMs: 1,
      cacheTtlMs: 0,
    });
    await client.get({ path: "/api/v1/query", query: { query: "secret_metric" } });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(["GET prometheus", "GET prometheus"]);
    expect(spans[0]!.attributes).toMatchObject({
      "http.response.status_code": 503,
      "error.type": "http",
      "url.full": `${server.url}/api/v1/query`,
    });
    expect(spans[0]!.status.code).toBe(2); // ERROR
    expect(spans[1]!.attributes["http.response.status_code"]).toBe(200);
    expect(spans[1]!.status.code).toBe(1); // OK
  });
});

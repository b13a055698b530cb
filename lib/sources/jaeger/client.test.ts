import { afterEach, describe, expect, it } from "vitest";
import { fixtureText } from "@/tests/unit/sources/support/fixtures";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { createJaegerSource } from "./client";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const window = { start: new Date("2026-11-23T19:00:00Z"), end: new Date("2026-11-23T19:15:00Z") };
const cfg = (url: string) => ({ url, timeoutMs: 2_000 });
const pathOf = (u: string) => u.split("?")[0];

describe("Jaeger client, api_v3 server", () => {
  it("searches with RFC 3339 bounds and a limit; a 404 means no traces", async () => {
    server = await loopback((req, res) => {
      if (pathOf(req.url!) === "/api/v3/services") return sendJson(res, 200, { services: ["orders"] });
      return sendJson(res, 404, { error: { httpCode: 404, message: "No traces found" } });
    });
    const jaeger = createJaegerSource(cfg(server.url), { cacheTtlMs: 0 });
    const result = await jaeger.findTraces({
      service: 'ord"ers',
      operation: "publish orders",
      ...window,
      limit: 20,
      attributes: { "messaging.destination.name": "a|b" },
    });
    expect(result).toEqual({ traces: [], warnings: [], api: "v3" });
    const search = new URL(server.url + server.requests[1]!);
    expect(search.pathname).toBe("/api/v3/traces");
    expect(search.searchParams.get("query.service_name")).toBe('ord"ers');
    expect(search.searchParams.get("query.serviceName")).toBe('ord"ers');
    expect(search.searchParams.get("query.start_time_min")).toBe("2026-11-23T19:00:00.000Z");
    expect(search.searchParams.get("query.start_time_max")).toBe("2026-11-23T19:15:00.000Z");
    expect(search.searchParams.get("query.search_depth")).toBe("20");
    expect(JSON.parse(search.searchParams.get("query.attributes")!)).toEqual({ "messaging.destination.name": "a|b" });
  });

  it("maps found traces, honouring the limit", async () => {
    server = await loopback((req, res) => {
      const p = pathOf(req.url!);
      if (p === "/api/v3/services") return sendJson(res, 200, { services: ["service-x"] });
      if (p === "/api/v3/traces")
        return sendJson(res, 200, fixtureText("upstream/jaeger/jaeger__memory_otel_traces_01_otlp.json"));
      return sendJson(res, 404, { error: { httpCode: 404, message: "trace not found" } });
    });
    const jaeger = createJaegerSource(cfg(server.url));
    const found = await jaeger.findTraces({ service: "service-x", ...window, limit: 1 });
    expect(found.traces).toHaveLength(1); // limit honoured even if the server sends more
    const health = await jaeger.health();
    expect(health).toMatchObject({ ok: true, version: "api_v3" });
    expect(health.message).toMatch(/1 service$/);
  });
});

describe("Jaeger client, v1-only server", () => {
  it("detects the v1 API and searches in microseconds", async () => {
    server = await loopback((req, res) => {
      const p = pathOf(req.url!);
      if (p === "/api/services")
        return sendJson(res, 200, { data: ["service-x"], total: 1, limit: 0, offset: 0, errors: null });
      if (p === "/api/traces")
        return sendJson(res, 200, fixtureText("upstream/jaeger/jaeger__query_otlp2jaeger-out.json"));
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found\n");
    });
    const jaeger = createJaegerSource(cfg(server.url));
    expect(await jaeger.api()).toBe("v1");
    const found = await jaeger.findTraces({ service: "service-x", ...window, limit: 5, minDurationMs: 10 });
    expect(found.api).toBe("v1");
    expect(found.traces[0]!.traceId).toBe("83a9efd15c1c98a977e0711cc93ee28b");
    const search = new URL(server.url + server.requests.find((r) => r.startsWith("/api/traces?"))!);
    expect(search.searchParams.get("start")).toBe(String(window.start.getTime() * 1000));
    expect(search.searchParams.get("minDuration")).toBe("10000us");
    expect((await jaeger.health()).message).toMatch(/v1 API/);
  });
});

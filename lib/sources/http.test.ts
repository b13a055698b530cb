import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpSource, errorDetail, type HttpSourceOptions } from "./http";
import { sourceCallCounts } from "@/lib/telemetry/metrics";
import { SourceError } from "./errors";
import { RABBIT_LABEL } from "./rabbitmq/config";

// Failure tests against real loopback servers: the client must turn every way an upstream can
// misbehave into a SourceError of the right kind, quickly, without buffering unbounded bodies.

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<{ url: string; hits: () => number; server: http.Server }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, server };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function client(url: string, extra: Partial<HttpSourceOptions> = {}) {
  return createHttpSource({
    source: "prometheus",
    baseUrl: url,
    timeoutMs: 300,
    retries: 0,
    retryBaseMs: 5,
    cacheTtlMs: 0,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error("expected a SourceError, got success");
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

describe("createHttpSource against misbehaving servers", () => {
  it("connection refused on a closed port is a network error", async () => {
    const { url, server } = await serve(() => undefined);
    server.close();
    await new Promise((r) => setTimeout(r, 10));
    // A deadline far beyond a refusal: on a loaded machine 300 ms can pass before the refusal
    // is read, and a "network" kind already says it was not the deadline that ended it.
    const error = await failure(client(url, { timeoutMs: 10_000 }).get({ path: "/x" }));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/refused the connection/);
  });

  it("no response headers before the deadline is a timeout", async () => {
    const { url } = await serve(() => undefined /* never answers */);
    const started = Date.now();
    const error = await failure(client(url).get({ path: "/x" }));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a body that stalls after the headers is a timeout, not a hang", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"status":"success","data":'); // and then nothing, forever
    });
    const started = Date.now();
    const error = await failure(client(url).get({ path: "/x" }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/body/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a slow body that trickles past the deadline is a timeout", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    });
    const error = await failure(client(url).get({ path: "/x" }));
    expect(error.kind).toBe("timeout");
  });

  it("retries a 500 and succeeds on the next attempt", async () => {
    let n = 0;
    const { url, hits } = await serve((_req, res) =>
      n++ === 0 ? json(res, 500, { error: "boom" }) : json(res, 200, { ok: true }),
    );
    const response = await client(url, { retries: 2 }).get({ path: "/x" });
    expect(response.body).toEqual({ ok: true });
    expect(hits()).toBe(2);
  });

  it("gives up after the retries with an http error carrying the status", async () => {
    const { url, hits } = await serve((_req, res) =>
      json(res, 503, { status: "error", errorType: "unavailable", error: "overloaded" }),
    );
    const error = await failure(client(url, { retries: 2 }).get({ path: "/x" }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(503);
    expect(error.detail).toBe("unavailable: overloaded");
    expect(hits()).toBe(3);
  });

  it("never retries a 4xx and says what to check on 401", async () => {
    const { url, hits } = await serve((_req, res) =>
      json(res, 401, { error: "not_authorised", reason: "Login failed" }),
    );
    const c = createHttpSource({
      source: "rabbitmq",
      label: RABBIT_LABEL,
      baseUrl: url,
      timeoutMs: 300,
      retries: 3,
      retryBaseMs: 5,
      username: "guest",
      password: "s3cret-pass",
    });
    const error = await failure(c.get({ path: "/api/overview" }));
    expect(error.kind).toBe("http");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^401 from RabbitMQ .*RABBITMQ_USER\/RABBITMQ_PASSWORD/);
    expect(error.message).not.toContain("s3cret-pass");
    expect(hits()).toBe(1);
    expect(c.lastError()?.status).toBe(401);
  });

  it("sends credentials from the URL as a header and never shows them", async () => {
    let auth: string | undefined;
    const { url } = await serve((req, res) => {
      auth = req.headers.authorization;
      json(res, 404, { error: "not_found" });
    });
    const withUserinfo = url.replace("http://", "http://alice:pa%40ss@");
    const c = client(withUserinfo);
    const error = await failure(c.get({ path: "/secret", query: { token: "abc" } }));
    expect(auth).toBe(`Basic ${Buffer.from("alice:pa@ss").toString("base64")}`);
    expect(error.message).not.toMatch(/alice|pa@ss|pa%40ss|token|abc/);
    expect(c.baseUrl).not.toContain("alice");
  });

  it("malformed JSON is a parse error that says what arrived", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login</html>");
    });
    const error = await failure(client(url).get({ path: "/x" }));
    expect(error.kind).toBe("parse");
    expect(error.message).toMatch(/not JSON .*text\/html/);
  });

  it("truncated JSON (the connection ends mid-document) is a parse error", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":');
    });
    const error = await failure(client(url).get({ path: "/x" }));
    expect(error.kind).toBe("parse");
  });

  it("a body shorter than its content-length is a network error, not a hang", async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"a":');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const error = await failure(client(url).get({ path: "/x" }));
    expect(error.kind).toBe("network");
  });

  it("a declared oversized body is refused before reading it", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
      res.write("[");
    });
    const error = await failure(client(url, { maxBytes: 1024 * 1024 }).get({ path: "/x" }));
    expect(error.kind).toBe("too_large");
  });

  it("an endless chunked body is cut at maxBytes with bounded memory", async () => {
    let sent = 0;
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (sent < 512 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
      };
      res.on("drain", pump);
      pump();
    });
    const before = process.memoryUsage().heapUsed;
    const error = await failure(client(url, { maxBytes: 2 * 1024 * 1024, timeoutMs: 5_000 }).get({ path: "/x" }));
    expect(error.kind).toBe("too_large");
    // The server could have sent 512 MiB; we stopped near the limit.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("accepted statuses are returned, not thrown (Jaeger's 404 = no traces)", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end('{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}');
    });
    const response = await client(url).get({ path: "/api/traces/abc", acceptStatus: [404] });
    expect(response.status).toBe(404);
  });

  it("validates with a schema and reports the failing path", async () => {
    const { url } = await serve((_req, res) => json(res, 200, { services: "not-a-list" }));
    const error = await failure(client(url).getJson({ path: "/x" }, z.object({ services: z.array(z.string()) })));
    expect(error.kind).toBe("parse");
    expect(error.message).toMatch(/services:/);
  });
});

describe("coalescing, caching and the in-flight bound", () => {
  it("100 concurrent identical requests cause one upstream call", async () => {
    const { url, hits } = await serve((_req, res) => setTimeout(() => json(res, 200, { n: 1 }), 30));
    const c = client(url, { cacheTtlMs: 2_000 });
    const before = await sourceCallCounts(c.source);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => c.getJson({ path: "/q", query: { query: "up" } }, z.object({ n: z.number() }))),
    );
    expect(results.every((r) => r.n === 1)).toBe(true);
    expect(hits()).toBe(1);
    // Counted in the app's metrics (asyncscope_source_calls_total), as /api/metrics shows them.
    const delta = async () => {
      const now = await sourceCallCounts(c.source);
      return {
        upstream: now.upstream - before.upstream,
        coalesced: now.coalesced - before.coalesced,
        cache: now.cache - before.cache,
      };
    };
    expect(await delta()).toEqual({ upstream: 1, coalesced: 99, cache: 0 });
    // Within the TTL a later refresh is served from the cache.
    await c.get({ path: "/q", query: { query: "up" } });
    expect(hits()).toBe(1);
    expect((await delta()).cache).toBe(1);
  });

  it("the cache is bounded in bytes: old entries are evicted, big bodies are not kept", async () => {
    const { url, hits } = await serve((req, res) =>
      json(res, 200, { pad: "x".repeat(req.url === "/big" ? 200_000 : 10_000) }),
    );
    const c = client(url, { cacheTtlMs: 60_000, maxCacheBytes: 16 * 30_000 });
    for (let i = 0; i < 60; i++) await c.get({ path: `/q${i}` });
    expect(c.cacheBytes()).toBeLessThanOrEqual(16 * 30_000);
    await c.get({ path: "/q59" });
    expect(hits()).toBe(60); // the newest is still cached
    await c.get({ path: "/q0" });
    expect(hits()).toBe(61); // the oldest was evicted
    await c.get({ path: "/big" });
    await c.get({ path: "/big" });
    expect(hits()).toBe(63); // larger than 1/16 of the budget: never cached
  });

  it("a failure reaches every coalesced caller and is not cached", async () => {
    let n = 0;
    const { url, hits } = await serve((_req, res) =>
      setTimeout(() => (n++ === 0 ? json(res, 400, { error: "bad" }) : json(res, 200, {})), 20),
    );
    const c = client(url, { cacheTtlMs: 5_000 });
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => c.get({ path: "/q" })));
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(hits()).toBe(1);
    await c.get({ path: "/q" });
    expect(hits()).toBe(2);
  });

  it("keeps at most maxInFlight requests open against one source", async () => {
    let open = 0;
    let peak = 0;
    const { url } = await serve((_req, res) => {
      open++;
      peak = Math.max(peak, open);
      setTimeout(() => {
        open--;
        json(res, 200, {});
      }, 20);
    });
    const c = client(url, { maxInFlight: 3, timeoutMs: 5_000 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.get({ path: `/q${i}` })));
    expect(peak).toBe(3);
  });
});

describe("errorDetail", () => {
  it("reads Prometheus, RabbitMQ, Jaeger v1 and v3 error bodies", () => {
    expect(errorDetail('{"status":"error","errorType":"bad_data","error":"parse error"}')).toBe(
      "bad_data: parse error",
    );
    expect(errorDetail('{"error":"not_found","reason":"Object Not Found"}')).toBe("not_found: Object Not Found");
    expect(errorDetail('{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}')).toBe("trace not found");
    expect(errorDetail('{"error":{"httpCode":404,"message":"No traces found"}}')).toBe("No traces found");
    expect(errorDetail("404 page not found\n")).toBe("404 page not found");
  });
});

// Loki cannot run here (no binary, and its repository is AGPL, so none of its test data is
// copied): the bodies below are written by hand after the documented query_range shapes
// (https://grafana.com/docs/loki/latest/reference/loki-http-api/) and served by a loopback
// server. They are not upstream samples; see tests/fixtures/upstream/SOURCES.md.
import { afterEach, describe, expect, it } from "vitest";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { logsSourceSchema } from "../config";
import { createLokiStore } from "./adapter";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (url: string, extra: Record<string, unknown> = {}) =>
  logsSourceSchema.parse({ store: "loki", url, timeoutMs: 2_000, query: '{namespace="shop"}', ...extra });
const params = (request: string) => new URL(request, "http://x").searchParams;
const T = 1_796_086_000_000; // ms

// Hand-written: two streams, structured metadata merged into stream labels (Loki's default
// encoding), and one entry with the categorize-labels third element.
const streams = {
  status: "success",
  data: {
    resultType: "streams",
    result: [
      {
        stream: { namespace: "shop", service_name: "payments", detected_level: "error", trace_id: "t1" },
        values: [[`${T + 2000}000000`, "card declined"]],
      },
      {
        stream: { namespace: "shop", service_name: "orders" },
        values: [
          [
            `${T + 1000}000000`,
            '{"msg":"order accepted","order_id":"o-7"}',
            { structuredMetadata: { trace_id: "t1", detected_level: "INFO" } },
          ],
          [`${T}000000`, "other trace", { structuredMetadata: { trace_id: "t9" } }],
        ],
      },
    ],
    stats: {},
  },
};

describe("Loki adapter", () => {
  it("queries the selector with a trace_id label filter, backward, limit+1; newest kept, oldest first", async () => {
    server = await loopback((_req, res) => sendJson(res, 200, streams));
    const store = createLokiStore(config(server.url), { cacheTtlMs: 0 });
    const got = await store.reader.traceLines(["t1", "a.b"], { fromMs: T - 60_000, toMs: T + 60_000 }, 10);
    const asked = params(server.requests[0]!);
    expect(server.requests[0]).toMatch(/^\/loki\/api\/v1\/query_range\?/);
    expect(asked.get("query")).toBe('{namespace="shop"} | trace_id=~"t1|a\\\\.b"');
    expect(asked.get("direction")).toBe("backward");
    expect(asked.get("limit")).toBe("11");
    expect(asked.get("start")).toBe(`${T - 60_000}000000`);
    expect(got.truncated).toBe(false);
    expect(got.lines).toEqual([
      {
        timeMs: T + 1000,
        service: "orders",
        level: "info",
        rawLevel: "INFO",
        message: '{"msg":"order accepted","order_id":"o-7"}',
        traceId: "t1",
        fields: { msg: "order accepted", order_id: "o-7", namespace: "shop" },
      },
      {
        timeMs: T + 2000,
        service: "payments",
        level: "error",
        message: "card declined",
        traceId: "t1",
        fields: { namespace: "shop" },
      },
    ]);
  });

  it("traceIdIn: json parses the line, and a configured message field is the message", async () => {
    server = await loopback((_req, res) => sendJson(res, 200, streams));
    const store = createLokiStore(config(server.url, { traceIdIn: "json", fields: { message: "msg" } }), {
      cacheTtlMs: 0,
    });
    const got = await store.reader.traceLines(["t1"], { fromMs: T - 60_000, toMs: T + 60_000 }, 1);
    expect(params(server.requests[0]!).get("query")).toBe('{namespace="shop"} | json | __error__="" | trace_id=~"t1"');
    expect(got.truncated).toBe(true);
    expect(got.lines.map((l) => l.message)).toEqual(["card declined"]);
  });

  it("asks at most Loki's 5000 entries a query, and calls a full answer at that cap cut", async () => {
    server = await loopback((_req, res) => sendJson(res, 200, streams));
    const store = createLokiStore(config(server.url), { cacheTtlMs: 0 });
    const got = await store.reader.traceLines(["t1"], { fromMs: T - 60_000, toMs: T + 60_000 }, 5000);
    expect(params(server.requests[0]!).get("limit")).toBe("5000");
    expect(got.truncated).toBe(false); // 2 lines came back for 5000 asked
  });

  it("traceIdIn: json keeps lines that are not JSON in the counts (a plain-text stack trace is a line)", async () => {
    server = await loopback((req, res) => {
      const q = params(req.url ?? "").get("query") ?? "";
      if (q.startsWith("sum by"))
        return sendJson(res, 200, { status: "success", data: { resultType: "matrix", result: [] } });
      return sendJson(res, 200, streams);
    });
    const store = createLokiStore(config(server.url, { traceIdIn: "json" }), { cacheTtlMs: 0 });
    await store.reader.activity(["payments"], { fromMs: T, toMs: T + 600_000, stepSeconds: 60 });
    const queries = server.requests.map((r) => params(r).get("query") ?? "");
    expect(queries.find((q) => q.startsWith("sum by"))).toContain(
      '{namespace="shop"} | json | drop __error__, __error_details__ | service_name=~"payments"',
    );
    expect(queries.every((q) => !q.includes('__error__=""'))).toBe(true);
  });

  it("activity: count_over_time per service and level, a limit=1 query per service, messages counted from a bounded sample", async () => {
    server = await loopback((req, res) => {
      const q = params(req.url ?? "").get("query") ?? "";
      if (q.startsWith("sum by"))
        return sendJson(res, 200, {
          status: "success",
          data: {
            resultType: "matrix",
            result: [
              {
                metric: { service_name: "payments", detected_level: "error" },
                values: [
                  [T / 1000 + 60, "3"],
                  [T / 1000 + 120, "1"],
                ],
              },
              { metric: { service_name: "payments" }, values: [[T / 1000 + 60, "2"]] },
            ],
          },
        });
      return sendJson(res, 200, streams);
    });
    const store = createLokiStore(config(server.url), { cacheTtlMs: 0 });
    const got = await store.reader.activity(["payments", "orders"], { fromMs: T, toMs: T + 600_000, stepSeconds: 60 });
    const queries = server.requests.map((r) => params(r).get("query"));
    expect(queries).toContain(
      'sum by (service_name, detected_level) (count_over_time({namespace="shop"} | service_name=~"payments|orders" [60s]))',
    );
    expect(queries).toContain('{namespace="shop"} | service_name="payments"');
    expect(queries.find((q) => q?.includes("detected_level=~"))).toMatch(
      /^\{namespace="shop"\} \| service_name=~"payments\|orders" \| detected_level=~"\(\?i\)\(error\|err\|/,
    );
    // A point at t counts (t − 60 s, t]: its bucket starts at t − 60 s.
    expect(got.services[0]?.buckets).toEqual([
      { tsMs: T, counts: { error: 3, other: 2 } },
      { tsMs: T + 60_000, counts: { error: 1 } },
    ]);
    // The limit=1 answers here are the same streams: the newest line of the answer counts.
    expect(got.services[0]?.lastLineMs).toBe(T + 2000);
    expect(got.messages[0]).toMatchObject({ service: "payments", level: "error", message: "card declined", count: 1 });
    expect(got.messages).toHaveLength(1); // the info lines of the sample are not counted
  });

  it("Loki's warnings on an answer mark it partial", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, { ...streams, warnings: ["query timed out, returning partial results"] }),
    );
    const store = createLokiStore(config(server.url), { cacheTtlMs: 0 });
    const got = await store.reader.traceLines(["t1"], { fromMs: T - 60_000, toMs: T + 60_000 }, 10);
    expect(got.partial).toEqual(["Loki: query timed out, returning partial results"]);
  });

  it("a metric answer where streams were asked is a parse SourceError", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, { status: "success", data: { resultType: "matrix", result: [] } }),
    );
    const store = createLokiStore(config(server.url), { cacheTtlMs: 0 });
    await expect(store.reader.traceLines(["t1"], { fromMs: 0, toMs: 1 }, 5)).rejects.toMatchObject({
      source: "logs",
      kind: "parse",
    });
  });

  it("health reads /ready and the build info; basic auth sent", async () => {
    const auth: string[] = [];
    server = await loopback((req, res) => {
      auth.push(req.headers.authorization ?? "");
      if (req.url === "/ready") return sendJson(res, 200, "ready\n", "text/plain");
      return sendJson(res, 200, { version: "3.5.1", revision: "abc", branch: "HEAD", goVersion: "go1.24" });
    });
    const health = await createLokiStore(config(server.url, { username: "u", password: "p" })).health();
    expect(health).toMatchObject({ ok: true, version: "3.5.1", message: "Loki 3.5.1 answers (ready)" });
    expect(auth[0]).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    await server.close();
    server = await loopback((_req, res) =>
      sendJson(res, 503, "Ingester not ready: waiting for 15s after being ready", "text/plain"),
    );
    const down = await createLokiStore(config(server.url), { retries: 0 }).health();
    expect(down.ok).toBe(false);
    expect(down.message).toMatch(/^503 from Loki .*Ingester not ready/);
  });
});

// Contract tests: VictoriaLogs' own samples (docs, apptest, and answers captured from v1.52.1;
// see tests/fixtures/upstream/SOURCES.md) served by a loopback server, through the real client.
// The adapter against a running VictoriaLogs: tests/lab/sources-victorialogs.test.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureText } from "@/tests/unit/sources/support/fixtures";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { logsSourceSchema } from "../config";
import { SourceError } from "../../errors";
import { createVictoriaLogsStore } from "./adapter";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (url: string, extra: Record<string, unknown> = {}) =>
  logsSourceSchema.parse({ store: "victorialogs", url, timeoutMs: 2_000, ...extra });
const vl = (name: string) => fixtureText(`upstream/victorialogs/${name}`);
const query = (request: string) => new URL(request, "http://x").searchParams;

/** The three stats answers an activity read asks for, captured from v1.52.1. */
const answerActivity = (req: IncomingMessage, res: ServerResponse) => {
  const path = new URL(req.url ?? "", "http://x").pathname;
  const q = query(req.url ?? "").get("query") ?? "";
  if (path.endsWith("stats_query_range"))
    return sendJson(res, 200, vl("vl1.52.1-captured__stats_query_range_by_service_level.json"));
  if (q.includes("max(_time)")) return sendJson(res, 200, vl("vl1.52.1-captured__stats_query_last_line.json"));
  return sendJson(res, 200, vl("vl1.52.1-captured__stats_query_top_messages.json"));
};

describe("VictoriaLogs adapter", () => {
  it("asks /select/logsql/query for the traces' newest lines (limit+1) and reads JSON lines", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, vl("vl1.52.1-captured__query_trace_lines.jsonl"), "application/stream+json"),
    );
    const store = createVictoriaLogsStore(config(server.url, { query: '_stream:{env="prod"}' }), { cacheTtlMs: 0 });
    const ids = ["aaaa0000000000000000000000000001", "aaaa0000000000000000000000000002"];
    const got = await store.reader.traceLines(ids, { fromMs: Date.UTC(2026, 10, 30), toMs: Date.UTC(2026, 11, 2) }, 2);
    const asked = query(server.requests[0]!);
    expect(server.requests[0]).toMatch(/^\/select\/logsql\/query\?/);
    expect(asked.get("query")).toBe(
      '(_stream:{env="prod"}) AND "trace_id":in("aaaa0000000000000000000000000001","aaaa0000000000000000000000000002")',
    );
    expect(asked.get("start")).toBe("2026-11-30T00:00:00.000Z");
    expect(asked.get("limit")).toBe("3");
    // 3 lines came back for a limit of 2: the newest 2 are kept, oldest first.
    expect(got.truncated).toBe(true);
    expect(got.lines).toEqual([
      {
        timeMs: Date.parse("2026-12-01T00:47:50.123Z"),
        service: "payments",
        level: "error",
        message: "card declined",
        traceId: "aaaa0000000000000000000000000001",
        spanId: "02",
      },
      {
        timeMs: Date.parse("2026-12-01T00:49:20.123Z"),
        service: "payments",
        level: "warn",
        rawLevel: "WARNING",
        message: "retrying",
        traceId: "aaaa0000000000000000000000000002",
      },
    ]);
  });

  it("reads the docs' and apptest's JSON lines (no trace field: nothing of the traces)", async () => {
    for (const file of ["vldocs__select_logsql_query_jsonlines.jsonl", "vlapptest__key_concepts_query_rows.jsonl"]) {
      server = await loopback((_req, res) => sendJson(res, 200, vl(file)));
      const store = createVictoriaLogsStore(config(server.url, { fields: { traceId: "_msg", service: "host.name" } }), {
        cacheTtlMs: 0,
      });
      const got = await store.reader.traceLines(["case 1", "some other error"], { fromMs: 0, toMs: 2e12 }, 10);
      expect(got.lines.length).toBeGreaterThan(0);
      if (file.startsWith("vlapptest")) {
        expect(got.lines[0]).toMatchObject({
          service: "foobar",
          level: "other",
          fields: { "host.os.version": "1.2.3" },
        });
        expect(got.lines[1]?.fields).toEqual({ is_error: "false", offset: "12345", tags: '["foo","bar"]' });
      }
      await server.close();
      server = undefined;
    }
  });

  it("builds activity from stats_query_range and two stats_query answers", async () => {
    server = await loopback(answerActivity);
    const store = createVictoriaLogsStore(config(server.url), { cacheTtlMs: 0 });
    const range = { fromMs: Date.UTC(2026, 11, 1, 0, 0), toMs: Date.UTC(2026, 11, 1, 1, 0), stepSeconds: 60 };
    const got = await store.reader.activity(["payments", "orders", "billing"], range);
    const queries = server.requests.map((r) => query(r).get("query"));
    expect(queries).toContain(
      '"service.name":in("payments","orders","billing") | stats by ("service.name", "level") count() hits',
    );
    expect(queries).toContain(
      '_time:[2026-12-01T00:00:00.000Z, 2026-12-01T01:00:00.000Z] AND "service.name":in("payments","orders","billing") | stats by ("service.name") max(_time) last',
    );
    expect(queries.find((q) => q?.includes("sort by (hits desc)"))).toMatch(
      /AND "level":~"\(\?i\)\^\(error\|err\|fatal\|.*\)\$" \| stats by \("service\.name", "level", "_msg"\) count\(\) hits \| sort by \(hits desc\) \| limit 30$/,
    );
    expect(query(server.requests.find((r) => r.includes("stats_query_range"))!).get("step")).toBe("60s");
    expect(got.services.map((s) => s.service)).toEqual(["payments", "orders", "billing"]);
    expect(got.services[0]).toEqual({
      service: "payments",
      buckets: [
        { tsMs: 1796086020_000, counts: { error: 1 } },
        { tsMs: 1796086140_000, counts: { warn: 1 } },
        { tsMs: 1796086260_000, counts: { error: 1 } },
      ],
      lastLineMs: Date.parse("2026-12-01T00:51:50.123Z"),
    });
    expect(got.services[2]).toEqual({ service: "billing", buckets: [], lastLineMs: null });
    expect(got.messages[0]).toEqual({ service: "payments", level: "error", message: "card declined", count: 2 });
  });

  it("counts the top messages from the window judged, not the whole metric lookback", async () => {
    server = await loopback(answerActivity);
    const store = createVictoriaLogsStore(config(server.url), { cacheTtlMs: 0 });
    const range = { fromMs: Date.UTC(2026, 11, 1, 0, 0), toMs: Date.UTC(2026, 11, 1, 1, 0), stepSeconds: 60 };
    const got = await store.reader.activity(["payments"], range, Date.UTC(2026, 11, 1, 0, 50));
    const queries = server.requests.map((r) => query(r).get("query") ?? "");
    expect(queries.find((q) => q.includes("sort by (hits desc)"))).toMatch(
      /^_time:\[2026-12-01T00:50:00\.000Z, 2026-12-01T01:00:00\.000Z\] AND /,
    );
    expect(queries.find((q) => q.includes("max(_time)"))).toMatch(/^_time:\[2026-12-01T00:00:00\.000Z, /);
    expect(got).toMatchObject({ fromMs: range.fromMs, messagesFromMs: Date.UTC(2026, 11, 1, 0, 50) });
  });

  it("reads the docs' stats_query_range example (a level with no service is not a service asked about)", async () => {
    server = await loopback((_req, res) => sendJson(res, 200, vl("vldocs__stats_query_range_matrix_level.json")));
    const store = createVictoriaLogsStore(config(server.url, { fields: { service: "level" } }), { cacheTtlMs: 0 });
    // Every answer here is the same matrix: the stats_query answers fail validation (not a vector).
    await expect(store.reader.activity(["info"], { fromMs: 0, toMs: 1, stepSeconds: 21600 })).rejects.toMatchObject({
      kind: "parse",
    });
  });

  it("a malformed line is a parse SourceError, not a crash", async () => {
    server = await loopback((_req, res) => sendJson(res, 200, '{"_time":"x","_msg":1}\n'));
    const store = createVictoriaLogsStore(config(server.url), { cacheTtlMs: 0 });
    const error = await store.reader.traceLines(["a"], { fromMs: 0, toMs: 1 }, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ source: "logs", kind: "parse" });
    expect((error as Error).message).toMatch(/^VictoriaLogs at http:\/\/127\.0\.0\.1:\d+\/select\/logsql\/query sent/);
  });

  it("a bad query is an http SourceError quoting VictoriaLogs", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 400, "cannot parse `query` arg [bad:(]: unexpected end of query", "text/plain"),
    );
    const store = createVictoriaLogsStore(config(server.url), { cacheTtlMs: 0 });
    await expect(store.reader.traceLines(["a"], { fromMs: 0, toMs: 1 }, 10)).rejects.toThrow(
      /400 from VictoriaLogs .*cannot parse `query` arg/,
    );
  });

  it("health: OK from /health and the version from /metrics; bearer token sent", async () => {
    const auth: string[] = [];
    server = await loopback((req, res) => {
      auth.push(req.headers.authorization ?? "");
      if (req.url === "/health") return sendJson(res, 200, "OK", "text/plain");
      return sendJson(
        res,
        200,
        'vm_app_version{version="victoria-logs-v1.52.1", short_version="v1.52.1"} 1\n',
        "text/plain",
      );
    });
    const health = await createVictoriaLogsStore(config(server.url, { bearerToken: "t0k" })).health();
    expect(health).toMatchObject({ ok: true, version: "v1.52.1", message: "VictoriaLogs v1.52.1 answers" });
    expect(auth).toEqual(["Bearer t0k", "Bearer t0k"]);
  });

  it("identical concurrent reads share one upstream call", async () => {
    server = await loopback((_req, res) =>
      setTimeout(() => sendJson(res, 200, vl("vl1.52.1-captured__query_trace_lines.jsonl")), 30),
    );
    const store = createVictoriaLogsStore(config(server.url));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.reader.traceLines(["aaaa0000000000000000000000000001"], { fromMs: 0, toMs: 1 }, 5),
      ),
    );
    expect(server.requests).toHaveLength(1);
  });
});

// Contract tests with the Elasticsearch specification's own response examples (SOURCES.md),
// served by a loopback server: Elasticsearch and OpenSearch cannot run here (JVM services of
// several GB, not part of the lab). The aggregation answers are written by hand after the
// documented terms/date_histogram/max shapes: no upstream file with this nesting was found.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureText } from "@/tests/unit/sources/support/fixtures";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { logsSourceSchema } from "../config";
import { createElasticsearchStore } from "./adapter";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (url: string, extra: Record<string, unknown> = {}) =>
  logsSourceSchema.parse({ store: "elasticsearch", url, timeoutMs: 2_000, index: "logs-*", ...extra });
const body = (request: string) => JSON.parse(new URL(request, "http://x").searchParams.get("source") ?? "null");

describe("Elasticsearch/OpenSearch adapter", () => {
  it("reads the spec's search example: nested _source, a zone-less @timestamp, total 20 > 1 hit = truncated", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, fixtureText("upstream/elasticsearch/esspec__search_200_SearchResponseExample1.json")),
    );
    // The example has no trace field: `user.id` plays the trace id, `http.request.method` the level.
    const store = createElasticsearchStore(
      config(server.url, { fields: { traceId: "user.id", level: "http.request.method", service: "source.ip" } }),
      { cacheTtlMs: 0 },
    );
    const got = await store.reader.traceLines(["kimchy"], { fromMs: 0, toMs: 5e12 }, 5);
    expect(server.requests[0]).toMatch(/^\/logs-\*\/_search\?source=.*&source_content_type=application%2Fjson$/);
    expect(body(server.requests[0]!)).toEqual({
      size: 5,
      track_total_hits: true,
      sort: [{ "@timestamp": { order: "desc" } }],
      query: {
        bool: {
          filter: [
            { terms: { "user.id": ["kimchy"] } },
            { range: { "@timestamp": { gte: 0, lte: 5e12, format: "epoch_millis" } } },
          ],
        },
      },
    });
    expect(got.truncated).toBe(true);
    expect(got.lines).toEqual([
      {
        timeMs: Date.UTC(2099, 10, 15, 14, 12, 12),
        service: "127.0.0.1",
        level: "other",
        rawLevel: "get",
        message: "GET /search HTTP/1.1 200 1070000",
        traceId: "kimchy",
        fields: { "http.response.status_code": "200", "http.response.bytes": "1070000", "http.version": "1.1" },
      },
    ]);
  });

  it("sends many trace ids in batches that keep each URL short, merging the newest", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, { hits: { total: { value: 0, relation: "eq" }, hits: [] } }),
    );
    const store = createElasticsearchStore(config(server.url), { cacheTtlMs: 0 });
    const ids = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(32, "0"));
    const got = await store.reader.traceLines(ids, { fromMs: 0, toMs: 1 }, 100);
    expect(server.requests.length).toBeGreaterThan(1);
    for (const request of server.requests) expect(request.length).toBeLessThan(4096);
    expect(server.requests.flatMap((r) => body(r).query.bool.filter[0].terms["trace.id"])).toEqual(ids);
    expect(got).toEqual({ traceIds: ids, lines: [], truncated: false, limit: 100 });
  });

  it("activity from service → date_histogram → level aggregations; a 400 on the message terms leaves messages out", async () => {
    server = await loopback((req, res) => {
      const q = body(req.url ?? "");
      if (q.aggs.services.aggs.levels) {
        return sendJson(res, 400, {
          error: { type: "illegal_argument_exception", reason: "Fielddata is disabled on [message]" },
          status: 400,
        });
      }
      return sendJson(res, 200, {
        took: 3,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: { total: { value: 9, relation: "eq" }, max_score: null, hits: [] },
        aggregations: {
          services: {
            doc_count_error_upper_bound: 0,
            sum_other_doc_count: 0,
            buckets: [
              {
                key: "payments",
                doc_count: 9,
                last: { value: 1_796_086_310_123, value_as_string: "2026-12-01T00:51:50.123Z" },
                steps: {
                  buckets: [
                    {
                      key_as_string: "2026-12-01T00:47:00.000Z",
                      key: 1_796_086_020_000,
                      doc_count: 9,
                      levels: {
                        doc_count_error_upper_bound: 0,
                        sum_other_doc_count: 0,
                        buckets: [
                          { key: "ERROR", doc_count: 4 },
                          { key: "warning", doc_count: 3 },
                        ],
                      },
                    },
                  ],
                },
              },
            ],
          },
        },
      });
    });
    const store = createElasticsearchStore(config(server.url), { cacheTtlMs: 0 });
    const got = await store.reader.activity(["payments", "orders"], {
      fromMs: 1_796_086_000_000,
      toMs: 1_796_086_600_000,
      stepSeconds: 60,
    });
    const counts = body(server.requests.find((r) => !body(r).aggs.services.aggs.levels)!);
    expect(counts.aggs.services.aggs.steps.date_histogram).toEqual({
      field: "@timestamp",
      fixed_interval: "60s",
      min_doc_count: 1,
    });
    expect(got.services).toEqual([
      {
        service: "payments",
        buckets: [{ tsMs: 1_796_086_020_000, counts: { error: 4, warn: 3, other: 2 } }],
        lastLineMs: 1_796_086_310_123,
      },
      { service: "orders", buckets: [], lastLineMs: null },
    ]);
    expect(got.messages).toEqual([]);
  });

  it("health names the distribution and version from GET /", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, fixtureText("upstream/elasticsearch/esspec__info_200_RootNodeInfoResponseExample1.json")),
    );
    expect(await createElasticsearchStore(config(server.url)).health()).toMatchObject({
      ok: true,
      version: "8.12.1",
      message: "Elasticsearch 8.12.1 answers",
    });
    await server.close();
    server = await loopback((_req, res) =>
      sendJson(res, 200, { name: "n", version: { distribution: "opensearch", number: "2.19.0" } }),
    );
    const os = await createElasticsearchStore(config(server.url, { store: "opensearch" })).health();
    expect(os.message).toBe("OpenSearch 2.19.0 answers");
  });

  it("a search that timed out or lost shards says its answer is partial, with the shard's reason", async () => {
    // The spec's example, marked as Elasticsearch marks a partial answer (timed_out, a failed shard).
    const example = JSON.parse(fixtureText("upstream/elasticsearch/esspec__search_200_SearchResponseExample1.json"));
    server = await loopback((_req, res) =>
      sendJson(res, 200, {
        ...example,
        timed_out: true,
        _shards: {
          total: 2,
          successful: 1,
          skipped: 0,
          failed: 1,
          failures: [{ shard: 1, index: "logs-1", reason: { type: "node_disconnected_exception", reason: "gone" } }],
        },
      }),
    );
    const store = createElasticsearchStore(config(server.url, { fields: { traceId: "user.id" } }), { cacheTtlMs: 0 });
    const got = await store.reader.traceLines(["kimchy"], { fromMs: 0, toMs: 5e12 }, 5);
    expect(got.lines).toHaveLength(1);
    expect(got.partial).toEqual([
      "Elasticsearch timed out on the trace lines query and answered with what it had found",
      "Elasticsearch answered the trace lines query from 1 of 2 shards (1 failed: node_disconnected_exception: gone)",
    ]);
  });

  it("a whole answer carries no partial mark", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, fixtureText("upstream/elasticsearch/esspec__search_200_SearchResponseExample1.json")),
    );
    const store = createElasticsearchStore(config(server.url, { fields: { traceId: "user.id" } }), { cacheTtlMs: 0 });
    expect((await store.reader.traceLines(["kimchy"], { fromMs: 0, toMs: 5e12 }, 5)).partial).toBeUndefined();
  });

  it("a search answer without hits is a parse SourceError", async () => {
    server = await loopback((_req, res) => sendJson(res, 200, { took: 1 }));
    const store = createElasticsearchStore(config(server.url), { cacheTtlMs: 0 });
    await expect(store.reader.traceLines(["a"], { fromMs: 0, toMs: 1 }, 5)).rejects.toMatchObject({
      source: "logs",
      kind: "parse",
    });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { fixtureText } from "@/tests/unit/sources/support/fixtures";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { createPrometheusSource } from "./client";
import { SourceError } from "../errors";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cfg = (url: string) => ({ url, timeoutMs: 2_000 });

describe("Prometheus client against a loopback server", () => {
  it("sends the exact range-query URL with an aligned window and a bounded step", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 200, fixtureText("upstream/prometheus/promdocs__api_v1_query_range_matrix_up.json")),
    );
    const prom = createPrometheusSource(cfg(server.url), { cacheTtlMs: 0 });
    const result = await prom.queryRange('up{job="a\\"b"}', {
      start: new Date(1_000_000_500),
      end: new Date(1_000_000_500 + 3_600_000),
      widthPx: 300,
    });
    expect(server.requests).toEqual([
      "/api/v1/query_range?query=up%7Bjob%3D%22a%5C%22b%22%7D&start=999990&end=1003605&step=15&timeout=1s",
    ]);
    expect(result.stepSeconds).toBe(15);
    expect(result.query).toBe('up{job="a\\"b"}');
  });

  it("turns a 400 bad_data into an http SourceError that quotes Prometheus", async () => {
    server = await loopback((_req, res) =>
      sendJson(res, 400, { status: "error", errorType: "bad_data", error: 'parse error at char 3: unexpected "}"' }),
    );
    const prom = createPrometheusSource(cfg(server.url), { cacheTtlMs: 0 });
    const error = await prom.query("up{").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain("bad_data: parse error");
    expect(server.requests).toHaveLength(1); // 4xx is not retried
  });

  it("treats status=error with a 200 as an error too", async () => {
    server = await loopback((_req, res) =>
      sendJson(
        res,
        200,
        fixtureText("upstream/prometheus/promopenapi__query_and_query_range_default_tsdbNotReady_error.json"),
      ),
    );
    const prom = createPrometheusSource(cfg(server.url), { cacheTtlMs: 0 });
    await expect(prom.query("up")).rejects.toThrow(/internal: TSDB not ready/);
  });

  it("health reports the version, or the reason it cannot", async () => {
    server = await loopback((req, res) =>
      req.url === "/api/v1/status/buildinfo"
        ? sendJson(res, 200, { status: "success", data: { version: "3.5.0", revision: "x" } })
        : sendJson(res, 404, "no"),
    );
    const health = await createPrometheusSource(cfg(server.url)).health();
    expect(health).toMatchObject({ ok: true, version: "3.5.0" });
    const closed = await loopback(() => undefined);
    await closed.close();
    const down = await createPrometheusSource(cfg(closed.url), { retries: 0 }).health();
    expect(down.ok).toBe(false);
    expect(down.message).toBe(
      `Prometheus refused the connection at ${closed.url}/api/v1/status/buildinfo: is it running, and is the URL in sources.prometheus right?`,
    );
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { createHttpSource } from "@/lib/sources/http";
import { loopback, sendJson, type Loopback } from "./support/loopback";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("GET /api/metrics", () => {
  it("counts upstream requests, errors by kind and durations per source", async () => {
    server = await loopback((req, res) =>
      req.url === "/ok" ? sendJson(res, 200, {}) : sendJson(res, 400, { error: "bad" }),
    );
    const client = createHttpSource({
      source: "jaeger",
      baseUrl: server.url,
      timeoutMs: 1000,
      retries: 0,
      cacheTtlMs: 0,
    });
    await client.get({ path: "/ok" });
    await client.get({ path: "/bad" }).catch(() => undefined);
    const response = await GET();
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toMatch(/^asyncscope_upstream_requests_total\{source="jaeger",outcome="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^asyncscope_upstream_errors_total\{source="jaeger",kind="http"\} [1-9]\d*$/m);
    expect(text).toMatch(/^asyncscope_upstream_request_duration_seconds_count\{source="jaeger"\} [1-9]\d*$/m);
    expect(text).toMatch(/^asyncscope_source_calls_total\{source="jaeger",served="upstream"\} [1-9]\d*$/m);
  });
});

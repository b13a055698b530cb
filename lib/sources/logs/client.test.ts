// sources.logs.lineLimit is what bounds the lines one evaluation reads: the evaluation asks for
// the most any config allows, and the client cuts it to the configured limit (it once asked a
// fixed 1000, so a lineLimit above it did nothing). A loopback server stands for the store.
import { afterEach, describe, expect, it } from "vitest";
import { LOG_LINE_LIMIT } from "@/lib/evaluate/collect";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { createLogsSource } from "./client";
import { logsSourceSchema } from "./config";

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const asked = async (lineLimit?: number) => {
  server = await loopback((_req, res) => sendJson(res, 200, "", "application/stream+json"));
  const config = logsSourceSchema.parse({
    store: "victorialogs",
    url: server.url,
    timeoutMs: 2_000,
    ...(lineLimit ? { lineLimit } : {}),
  });
  const source = createLogsSource(config, { cacheTtlMs: 0 });
  await source.reader.traceLines(["a1"], { fromMs: 0, toMs: 1_000 }, LOG_LINE_LIMIT);
  // VictoriaLogs is asked for limit + 1, to know whether it cut.
  return { limit: Number(new URL(server.requests[0]!, "http://x").searchParams.get("limit")) - 1 };
};

describe("the logs client", () => {
  it("reads the configured lineLimit, above the default too", async () => {
    expect((await asked(4000)).limit).toBe(4000);
    await server!.close();
    server = undefined;
    expect((await asked()).limit).toBe(1000);
  });
});

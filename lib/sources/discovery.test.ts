// What discovery's report says about the sources it read: the URL without the user info a
// config may write into it (http://user:pass@host), since the report reaches the page and the
// script's output.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/loader";
import { readDiscoveryInput } from "./discovery";

// A stand-in Jaeger (no Jaeger runs in unit tests): a real HTTP server that knows no service,
// so the read succeeds and the report line naming its URL is written.
const seen: (string | undefined)[] = [];
const jaeger = createServer((req, res) => {
  seen.push(req.headers.authorization);
  const known = req.url?.startsWith("/api/services");
  res.writeHead(known ? 200 : 404, { "content-type": "application/json" });
  res.end(known ? JSON.stringify({ data: [], total: 0, limit: 0, offset: 0, errors: null }) : "{}");
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => jaeger.listen(0, "127.0.0.1", resolve));
  port = (jaeger.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => jaeger.close(() => resolve())));

describe("readDiscoveryInput's report", () => {
  it("names a source by its URL without user:pass@", async () => {
    const config = parseConfigText(
      `version: 1\nsources:\n  jaeger: { url: "http://reader:hunter2@127.0.0.1:${port}/" }\nworkflows: []\n`,
      "asyncscope.yaml",
      {},
    );
    const read = await readDiscoveryInput(config.sources, { windowMs: 60_000, nowMs: Date.now() });
    const line = read.report.find((l) => l.startsWith("Jaeger"));
    expect(line).toBe(`Jaeger http://127.0.0.1:${port}/: 0 traces of 0 services`);
    expect(read.report.join("\n")).not.toMatch(/reader|hunter2/);
    // The credentials were still sent (as a header), only not shown.
    expect(seen.some((h) => h?.startsWith("Basic "))).toBe(true);
  });
});

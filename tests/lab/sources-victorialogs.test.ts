// The logs source against a real VictoriaLogs (the lab's binary, v1.52.1): its own instance on a
// free loopback port with a temporary store, so the lines and their times are the test's. The
// lab's VictoriaLogs holds the services' live logs and is left alone. Elasticsearch and Loki
// have no such test: they cannot run here (lib/sources/logs/*/adapter.test.ts test them against
// their documented answers instead).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths } from "@/lab/config";
import { logsSourceSchema } from "@/lib/sources/logs/config";
import { createLogsSource } from "@/lib/sources/logs/client";

const bin = paths.victoriaLogsBin;
let child: ChildProcess | undefined;
let dataDir: string | undefined;
let url = "";
const now = Math.floor(Date.now() / 60_000) * 60_000; // a minute boundary, so steps are predictable
const T1 = "4bf92f3577b34da6a3ce929d0e0e4736";
const T2 = "00f067aa0ba902b7a3ce929d0e0e4736";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const got = await probe();
      if (got !== undefined) return got;
    } catch (error) {
      last = error; // not up yet: tried again until the deadline, reported then
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}

const line = (agoMs: number, fields: Record<string, string>) =>
  JSON.stringify({ time: new Date(now - agoMs).toISOString(), ...fields });

beforeAll(async () => {
  if (!existsSync(bin))
    throw new Error(
      `victoria-logs binary not found at ${bin}: build it with \`npm run lab -- setup\` (go install of VictoriaLogs v1.52.1), or point LAB_VICTORIALOGS_BIN at one`,
    );
  dataDir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-vl-"));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(bin, [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dataDir}`, "-loggerLevel=ERROR"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor("VictoriaLogs /health", async () => ((await fetch(`${url}/health`)).ok ? true : undefined));
  const body = [
    line(5 * 60_000, { "service.name": "orders", level: "INFO", msg: "order accepted", trace_id: T1, span_id: "a1" }),
    line(4 * 60_000 + 10_000, { "service.name": "payments", level: "error", msg: "card declined", trace_id: T1 }),
    line(3 * 60_000, { "service.name": "payments", level: "WARNING", msg: "retrying", trace_id: T2 }),
    line(2 * 60_000, { "service.name": "payments", level: "error", msg: "card declined" }),
    line(60_000 - 5_000, { "service.name": "orders", msg: "no level here" }),
    line(30_000, { "service.name": "other", level: "error", msg: "not asked about", trace_id: T1 }),
  ].join("\n");
  // The content type matters: with curl's default (form-encoded) VictoriaLogs reads the body as
  // form fields and stores nothing, answering 200 all the same.
  const insert = await fetch(`${url}/insert/jsonline?_stream_fields=service.name&_msg_field=msg&_time_field=time`, {
    method: "POST",
    headers: { "content-type": "application/stream+json" },
    body,
  });
  expect(insert.status).toBe(200);
  await waitFor("the ingested lines to be searchable", async () => {
    const text = await (await fetch(`${url}/select/logsql/query?query=*`)).text();
    return text.trim().split("\n").length === 6 ? true : undefined;
  });
});

afterAll(async () => {
  // Stop it by its pid and wait for the exit: it flushes to the data dir on SIGTERM, and
  // removing the dir under it makes it panic.
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    process.kill(child.pid, "SIGTERM");
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("logs source: VictoriaLogs (real binary)", () => {
  const source = () => createLogsSource(logsSourceSchema.parse({ store: "victorialogs", url, timeoutMs: 5_000 }));

  it("health answers with the version", async () => {
    const health = await source().health();
    expect(health.ok, health.message).toBe(true);
    expect(health.message).toMatch(/^VictoriaLogs .*answers/);
  });

  it("traceLines: every service's lines of the traces, oldest first; the newest kept past the limit", async () => {
    const window = { fromMs: now - 3_600_000, toMs: now };
    const all = await source().reader.traceLines([T1, T2], window, 10);
    expect(all.truncated).toBe(false);
    expect(all.lines.map((l) => [l.service, l.level, l.message, l.traceId])).toEqual([
      ["orders", "info", "order accepted", T1],
      ["payments", "error", "card declined", T1],
      ["payments", "warn", "retrying", T2],
      ["other", "error", "not asked about", T1],
    ]);
    expect(all.lines[0]).toMatchObject({ rawLevel: "INFO", spanId: "a1", timeMs: now - 5 * 60_000 });
    const two = await source().reader.traceLines([T1, T2], window, 2);
    expect(two.truncated).toBe(true);
    expect(two.lines.map((l) => l.message)).toEqual(["retrying", "not asked about"]);
  });

  it("activity: counts per minute and level, the newest line per service, top error/warn messages", async () => {
    const range = { fromMs: now - 10 * 60_000, toMs: now, stepSeconds: 60 };
    const activity = await source().reader.activity(["payments", "orders", "billing"], range);
    const [payments, orders, billing] = activity.services;
    expect(payments?.buckets).toEqual([
      { tsMs: now - 5 * 60_000, counts: { error: 1 } },
      { tsMs: now - 3 * 60_000, counts: { warn: 1 } },
      { tsMs: now - 2 * 60_000, counts: { error: 1 } },
    ]);
    expect(payments?.lastLineMs).toBe(now - 2 * 60_000);
    expect(orders?.buckets).toEqual([
      { tsMs: now - 5 * 60_000, counts: { info: 1 } },
      { tsMs: now - 60_000, counts: { other: 1 } },
    ]);
    expect(orders?.lastLineMs).toBe(now - 55_000);
    expect(billing).toEqual({ service: "billing", buckets: [], lastLineMs: null });
    expect(activity.messages).toEqual([
      { service: "payments", level: "error", message: "card declined", count: 2 },
      { service: "payments", level: "warn", message: "retrying", count: 1 },
    ]);
  });
});

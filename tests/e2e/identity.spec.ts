import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The identity header on the real production server (`next start`): believed only from
// ASYNCSCOPE_TRUSTED_PROXIES, which the server reads from each request's socket (Node's
// diagnostics channel, lib/api/peer-address.ts) because Next 16 gives proxy.ts no socket.
// Linux answers all of 127.0.0.0/8, so a client bound to 127.0.0.2 is a stranger here.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const BODY = JSON.stringify({
  title: "identity check",
  severity: "sev3",
  startedAt: "2026-11-23T14:03:00Z",
  workflowIds: ["checkout"],
});

let server: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-identity-"));
  server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ASYNCSCOPE_CONFIG: path.resolve("tests/e2e/asyncscope.e2e.yaml"),
      ASYNCSCOPE_DATA_DIR: path.join(dir, "data"),
      ASYNCSCOPE_AUTH_HEADER: "X-Forwarded-User",
      ASYNCSCOPE_TRUSTED_PROXIES: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${PORT}/healthz`).catch(() => undefined))?.status, {
      timeout: 60_000,
    })
    .toBe(200);
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

/** POST /api/incidents from `localAddress`, with these headers. */
function post(localAddress: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: "/api/incidents",
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(BODY);
  });
}

test("the identity header is believed from the trusted proxy, refused from another address even with a forged peer header", async () => {
  expect((await post("127.0.0.1", { "x-forwarded-user": "alice" })).status).toBe(201);
  const stranger = await post("127.0.0.2", {
    "x-forwarded-user": "mallory",
    "x-asyncscope-peer-address": "127.0.0.1",
  });
  expect(stranger.status, output).toBe(403);
  expect(stranger.body).toContain("this request came from 127.0.0.2");
  expect(stranger.body).toContain("ASYNCSCOPE_TRUSTED_PROXIES");
  // Without the header a stranger is not signed in: 401, as before.
  expect((await post("127.0.0.2", {})).status).toBe(401);
  expect(output).toContain("believed only from 127.0.0.1/32");
});

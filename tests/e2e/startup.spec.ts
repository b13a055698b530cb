import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// A broken asyncscope.yaml must stop the real production server at start-up with the
// loader's message — file, path, what was expected — and no stack trace. So must a data folder
// another server already uses.

/** The servers these tests start, beside the smoke and demo servers (playwright.config.ts). */
const SECOND_SERVER_PORT = Number(process.env.E2E_PORT ?? 3100) + 9;

function startServerWith(
  configText: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-badconfig-"));
  const configFile = path.join(dir, "asyncscope.yaml");
  writeFileSync(configFile, configText);
  return new Promise((resolve, reject) => {
    const server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(SECOND_SERVER_PORT)], {
      env: { ...process.env, ASYNCSCOPE_CONFIG: configFile, ASYNCSCOPE_DATA_DIR: path.join(dir, "data"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      server.kill("SIGKILL");
      reject(new Error(`server did not exit within 30 s:\n${output}`));
    }, 30_000);
    server.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("a config with a missing field stops start-up with a one-line reason", async () => {
  const { code, output } = await startServerWith(
    "version: 1\nsources: {}\nworkflows:\n  - id: checkout\n    name: Checkout\n    producer: { service: a, span: b }\n    queues: [{ consumers: [x] }]\n    expectedSpans: [{ service: a, span: b }]\n",
  );
  expect(code).toBe(1);
  expect(output).toContain("asyncscope.yaml: workflows[0].queues[0].name: Required");
  expect(output).not.toMatch(/^\s+at /m);
});

test("an unset ${VAR} stops start-up naming the variable", async () => {
  const { code, output } = await startServerWith(
    "version: 1\nsources:\n  rabbitmq: { managementUrl: 'http://127.0.0.1:15672', username: guest, password: '${ASYNCSCOPE_TEST_UNSET_VAR}' }\nworkflows: []\n",
  );
  expect(code).toBe(1);
  expect(output).toContain("sources.rabbitmq.password: environment variable ASYNCSCOPE_TEST_UNSET_VAR is not set");
});

test("a second server on a data folder in use stops at start-up naming the holder; the first keeps its writes", async ({
  request,
}) => {
  // The smoke server (playwright.config.ts) holds .data/e2e; this one is pointed at it too.
  const created = await request.post("/api/incidents", {
    data: { title: "written before", severity: "sev3", startedAt: "2026-11-23T14:03:00Z", workflowIds: ["checkout"] },
  });
  expect(created.status()).toBe(201);
  const { code, output } = await startServerWith(readFileSync(path.resolve("tests/e2e/asyncscope.e2e.yaml"), "utf8"), {
    ASYNCSCOPE_DATA_DIR: path.resolve(".data/e2e"),
  });
  expect(code).toBe(1);
  expect(output).toMatch(
    /cannot start: PGlite at .*\.data\/e2e\/pglite: the database folder .* is in use by another Asyncscope \(pid \d+ on /,
  );
  expect(output).not.toMatch(/^\s+at /m);
  const { incident } = (await created.json()) as { incident: { id: string } };
  expect((await request.get(`/api/incidents/${incident.id}`)).status()).toBe(200);
  expect((await request.get("/healthz")).status()).toBe(200);
});

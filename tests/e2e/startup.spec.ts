import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// A broken asyncscope.yaml must stop the real production server at start-up with the
// loader's message — file, path, what was expected — and no stack trace.

function startServerWith(configText: string): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-badconfig-"));
  const configFile = path.join(dir, "asyncscope.yaml");
  writeFileSync(configFile, configText);
  return new Promise((resolve, reject) => {
    const server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", "3199"], {
      env: { ...process.env, ASYNCSCOPE_CONFIG: configFile, ASYNCSCOPE_DATA_DIR: path.join(dir, "data") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      server.kill("SIGKILL");
      reject(new Error(`server did not exit on a bad config within 30 s:\n${output}`));
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
  expect(output).toContain("workflows: declare at least one workflow");
});

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// `npm run config:check` as a person runs it: a real process, its exit code and output.
const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");

async function check(configText: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-check-"));
  const file = path.join(dir, "asyncscope.yaml");
  writeFileSync(file, configText);
  try {
    const { stdout, stderr } = await run(tsx, ["--conditions=react-server", "scripts/config-check.ts", file], {
      env: { ...process.env, RABBITMQ_PASSWORD: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run config:check", () => {
  it("accepts the example config", async () => {
    const result = await check(readExample());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("asyncscope.yaml: ok (1 workflow(s): checkout");
  });

  it("exits 1 with one line per problem and no stack trace", async () => {
    const broken = readExample()
      .replace("name: order_confirmed.inventory", "nam: order_confirmed.inventory")
      .replace("timeoutMs: 5000", "timeoutMs: soon");
    const result = await check(broken);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "asyncscope.yaml: sources.prometheus.timeoutMs: Invalid input: expected number, received string",
      "asyncscope.yaml: workflows[0].queues[1].name: Required",
      'asyncscope.yaml: workflows[0].queues[1]: unknown key "nam" (check the spelling against docs/configuration.md)',
    ]);
  });
});

function readExample(): string {
  return readFileSync(path.resolve("asyncscope.example.yaml"), "utf8");
}

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
    const { stdout, stderr } = await run(tsx, ["scripts/config-check.ts", file], {
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
    expect(result.stdout).toContain(
      "asyncscope.yaml: ok (4 workflow(s): checkout, checkout-kafka, checkout-nats, checkout-redis;",
    );
  });

  it("exits 1 with one line per problem and no stack trace", async () => {
    const broken = readExample()
      .replace("queue: order_confirmed.inventory", "queu: order_confirmed.inventory")
      .replace("timeoutMs: 5000", "timeoutMs: soon");
    const result = await check(broken);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "asyncscope.yaml: sources.prometheus.timeoutMs: Invalid input: expected number, received string",
      "asyncscope.yaml: workflows[0].destinations[1].queue: Required",
      'asyncscope.yaml: workflows[0].destinations[1]: unknown key "queu" (check the spelling against docs/configuration.md)',
    ]);
  });

  it("accepts the deprecated queues: form, exit 0, and says on stderr how to rewrite it", async () => {
    const legacy = readExample()
      .replace("    broker: rabbitmq\n    destinations:", "    queues:")
      .replaceAll("      - queue: ", "      - name: ");
    const result = await check(legacy);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("asyncscope.yaml: ok (4 workflow(s): checkout,");
    expect(result.stderr.trim()).toBe(
      "asyncscope.yaml: workflows[0].queues is deprecated (still read, as RabbitMQ queues): write destinations: with queue: instead of name: (vhost and consumers stay the same); see docs/configuration.md",
    );
  });
});

function readExample(): string {
  return readFileSync(path.resolve("asyncscope.example.yaml"), "utf8");
}

// npm run config:discover as a person runs it (a real process): it never overwrites a file
// without --force, and when the sources do not answer it names them and writes nothing.
// The sources are closed loopback ports, so this test needs no lab.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const CLOSED = "http://127.0.0.1:65031";

function run(args: string[]) {
  const result = spawnSync(
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/config-discover.ts", ...args],
    { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, ASYNCSCOPE_CONFIG: "/nonexistent.yaml" } },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("config:discover", () => {
  it("refuses to overwrite an existing file without --force", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "discover-")), "asyncscope.yaml");
    writeFileSync(file, "# mine\n");
    const { code, out } = run(["-o", file, "--jaeger", CLOSED]);
    expect(code).toBe(1);
    expect(out).toContain("exists: pass --force to overwrite it");
    expect(readFileSync(file, "utf8")).toBe("# mine\n");
  });

  it("names each source that does not answer and writes nothing without traces", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "discover-")), "asyncscope.yaml");
    const { code, out } = run(["-o", file, "--rabbitmq", CLOSED, "--jaeger", CLOSED, "--prometheus", CLOSED]);
    expect(code).toBe(1);
    // Each broker source is named by its key in sources (rabbitmq), the others by product.
    expect(out).toMatch(/rabbitmq: RabbitMQ .*127\.0\.0\.1:65031/);
    expect(out).toMatch(/Jaeger: .*127\.0\.0\.1:65031/);
    expect(out).toMatch(/Prometheus: .*127\.0\.0\.1:65031/);
    expect(out).toContain("no workflow can be proposed without traces");
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a window it cannot read", () => {
    const { code, out } = run(["-o", "/tmp/never-written.yaml", "--window", "an hour"]);
    expect(code).toBe(1);
    expect(out).toContain("--window an hour: expected a duration");
  });
});

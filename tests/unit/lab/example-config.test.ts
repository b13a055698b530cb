// Test files in parallel workers, `lab` commands and the e2e-lab servers each write the lab's copy
// of the example config (.lab/asyncscope.lab.yaml) and read it back. A write in place let a
// reader find it empty (CI, 17-alerts beside a NATS fault suite). Real processes, a real file:
// two writers on different ports take turns replacing it for the same 3 s while this process
// reads it; each must have replaced it many times, and every read must be one writer's whole text.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
const WRITING_MS = 3000;
let dir: string | undefined;

afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A process on its own Prometheus port writing the file for WRITING_MS, starting once both
 * writers have loaded (each leaves a file in `barrier`, then waits for two); answers its text and
 * how many of its calls found the other's text there, which the call replaced.
 */
async function writer(labDir: string, barrier: string, prometheusPort: number) {
  const file = path.join(labDir, "asyncscope.lab.yaml");
  const script = `
    import fs from "node:fs";
    import { exampleConfigSource, labExampleConfigPath, labExampleConfigText } from "./lab/example-config.ts";
    const text = labExampleConfigText(fs.readFileSync(exampleConfigSource, "utf8"));
    const current = () => { try { return fs.readFileSync(${JSON.stringify(file)}, "utf8"); } catch { return undefined; } };
    fs.writeFileSync(${JSON.stringify(path.join(barrier, String(prometheusPort)))}, "");
    while (fs.readdirSync(${JSON.stringify(barrier)}).length < 2);
    const endAtMs = Date.now() + ${WRITING_MS};
    let replaced = 0;
    while (Date.now() < endAtMs) {
      if (current() !== text) replaced += 1;
      labExampleConfigPath();
    }
    process.stdout.write(JSON.stringify({ text, replaced }));
  `;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, LAB_DIR: labDir, LAB_PROMETHEUS_PORT: String(prometheusPort) },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as { text: string; replaced: number };
}

describe("labExampleConfigPath", () => {
  it("never lets a reader see the file half written while two processes replace it", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-example-config-"));
    const labDir = path.join(dir, "lab");
    const barrier = path.join(dir, "ready");
    fs.mkdirSync(labDir);
    fs.mkdirSync(barrier);
    const file = path.join(labDir, "asyncscope.lab.yaml");
    // 9091 and 9092 differ in text, so each write replaces the other's.
    const writers = Promise.all([writer(labDir, barrier, 9091), writer(labDir, barrier, 9092)]);
    let finished = false;
    void writers.finally(() => (finished = true)).catch(() => {});
    const seen = new Map<string, number>();
    while (!finished) {
      for (let i = 0; i < 200; i++) {
        let text: string;
        try {
          text = fs.readFileSync(file, "utf8");
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // not written yet
          throw error;
        }
        seen.set(text, (seen.get(text) ?? 0) + 1);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [a, b] = await writers;
    expect(a!.text).not.toBe(b!.text);
    expect(a!.text).toContain("127.0.0.1:9091");
    // They took turns: a test where each wrote once would prove nothing. Over 1.5 s, one writer
    // replaced the other's text only 33 times in a CI run beside the lab (hundreds when quiet):
    // 3 s and more than 10 each leave room for a busier machine.
    expect(a!.replaced, "the 9091 writer's replacements").toBeGreaterThan(10);
    expect(b!.replaced, "the 9092 writer's replacements").toBeGreaterThan(10);
    const torn = [...seen.entries()].filter(([text]) => text !== a!.text && text !== b!.text);
    expect(
      torn.map(([text, count]) => `${count}× ${text.length} of ${a!.text.length} characters`),
      "reads that were neither writer's whole text",
    ).toEqual([]);
    expect(seen.has(a!.text) && seen.has(b!.text), "both writers' texts were read").toBe(true);
    // Nothing is left beside the file.
    expect(fs.readdirSync(labDir)).toEqual(["asyncscope.lab.yaml"]);
  }, 60_000);
});

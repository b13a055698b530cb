// Test files in parallel workers, `lab` commands and the e2e-lab servers each write the lab's copy
// of the example config (.lab/asyncscope.lab.yaml) and read it back. A write in place let a
// reader find it empty (CI, 17-alerts beside a NATS fault suite). Real processes, a real file:
// two writers on different ports replace it 1,500 times each while this process reads it, and
// every read must be one writer's whole text.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
let dir: string | undefined;

afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A process writing the file `times` times on its own Prometheus port; prints its text. */
function writer(labDir: string, prometheusPort: number, times: number) {
  const script = `
    import fs from "node:fs";
    import { exampleConfigSource, labExampleConfigPath, labExampleConfigText } from "./lab/example-config.ts";
    for (let i = 0; i < ${times}; i++) labExampleConfigPath();
    process.stdout.write(labExampleConfigText(fs.readFileSync(exampleConfigSource, "utf8")));
  `;
  return run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, LAB_DIR: labDir, LAB_PROMETHEUS_PORT: String(prometheusPort) },
    maxBuffer: 1 << 20,
  });
}

describe("labExampleConfigPath", () => {
  it("never lets a reader see the file half written while two processes replace it", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-example-config-"));
    const file = path.join(dir, "asyncscope.lab.yaml");
    // The two texts differ, so each write replaces the other's: 9091 and 9092 keep the length.
    const writers = Promise.all([writer(dir, 9091, 1500), writer(dir, 9092, 1500)]);
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
    const [a, b] = (await writers).map((result) => result.stdout);
    expect(a).not.toBe(b);
    expect(a).toContain("127.0.0.1:9091");
    const torn = [...seen.entries()].filter(([text]) => text !== a && text !== b);
    expect(
      torn.map(([text, count]) => `${count}× ${text.length} of ${a!.length} characters`),
      "reads that were neither writer's whole text",
    ).toEqual([]);
    expect(seen.size, "both writers' texts were read").toBeGreaterThan(0);
    // Nothing is left beside the file.
    expect(fs.readdirSync(dir)).toEqual(["asyncscope.lab.yaml"]);
  }, 60_000);
});

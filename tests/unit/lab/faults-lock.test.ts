// `lab fault` commands run side by side (CI runs the brokers' fault suites beside the alert
// rules' suite), each a process of its own: their read-modify-writes of .lab/faults.json must
// not lose one another's switch. Real processes, a real file; each holds its read for 150 ms,
// so without the lock every writer but the last would be lost.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { readFaults } from "../../../lab/faults";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
let dir: string | undefined;

afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** One process switching `name` on through withFaultsLocked, slowly. */
function writer(file: string, name: string) {
  const script = `
    import { readFaults, withFaultsLocked, writeFaults } from "./lab/faults.ts";
    await withFaultsLocked(() => {
      const state = readFaults(${JSON.stringify(file)});
      const until = Date.now() + 150;
      while (Date.now() < until); // holds what it read, as a slow command would
      state[${JSON.stringify(name)}] = {};
      writeFaults(state, ${JSON.stringify(file)});
    }, ${JSON.stringify(file)});
  `;
  return run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root });
}

describe("withFaultsLocked", () => {
  it("keeps every switch when five processes change the file at once", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-faults-lock-"));
    const file = path.join(dir, "faults.json");
    const names = ["kafka-stall", "kafka-slow", "nats-silent-drop", "redis-poison-messages", "poison-messages"];
    await Promise.all(names.map((n) => writer(file, n)));
    expect(Object.keys(readFaults(file)).sort()).toEqual([...names].sort());
    // The lock is released: nothing is left beside the file.
    expect(fs.readdirSync(dir)).toEqual(["faults.json"]);
  }, 60_000);
});

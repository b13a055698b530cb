// The lab's CLI for the e2e-lab specs: run a command, read its status, and have traffic for a
// test without disturbing a shared lab (a load generator someone else runs is left alone).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "../..");

export function lab(...args: string[]): { code: number; out: string } {
  const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["lab/cli.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    // `up` after `down` (share-after-lab-down) takes the longest.
    timeout: 180_000,
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** `lab status` once per spec file: whether the lab is up and which faults are on. */
export function labStatus(): { up: boolean; code: number; activeFaults: string } {
  const status = lab("status");
  return {
    up: status.code === 0,
    code: status.code,
    activeFaults: status.out.match(/^faults: (.*)$/m)?.[1]?.trim() ?? "unknown",
  };
}

/**
 * The checks need traffic. If nobody's load generator is running, run one for this test and
 * stop it afterwards, so the lab is left as it was found.
 */
export function withLoad(): () => void {
  if (/^\s+load\s+running/m.test(lab("status").out)) return () => {};
  const started = lab("load", "3");
  expect(started.code, started.out).toBe(0);
  return () => {
    const stopped = lab("load", "stop");
    expect(stopped.code, stopped.out).toBe(0);
  };
}

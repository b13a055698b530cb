// Start and stop lab processes by pid file. Each process is spawned detached, so it leads its
// own process group; `stop` signals the whole group, which also ends children such as tsx's
// node or RabbitMQ's erl_child_setup. Nothing is ever killed by name.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { paths } from "./config";

const pidFile = (name: string) => path.join(paths.pids, `${name}.pid`);
export const outFile = (name: string) => path.join(paths.logs, `${name}.out`);

export function readPid(name: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile(name), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * True if any process of the group led by `pid` is alive. A zombie does not count: it has
 * exited and only waits for its parent (here often a container's pid 1, which may take a
 * couple of seconds) to reap it, and `kill(pid, 0)` would still succeed on it.
 */
export function groupAlive(pid: number): boolean {
  if (fs.existsSync("/proc/self/stat")) {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // the process exited while we looked: it is not alive
      }
      // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pid && fields[0] !== "Z") return true;
    }
    return false;
  }
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}

export function isRunning(name: string): boolean {
  const pid = readPid(name);
  return pid !== undefined && groupAlive(pid);
}

export function listManaged(): string[] {
  if (!fs.existsSync(paths.pids)) return [];
  return fs
    .readdirSync(paths.pids)
    .filter((f) => f.endsWith(".pid"))
    .map((f) => f.slice(0, -4));
}

export interface StartSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export function start(spec: StartSpec): number {
  if (isRunning(spec.name)) throw new Error(`${spec.name} is already running (pid ${readPid(spec.name)})`);
  fs.mkdirSync(paths.pids, { recursive: true });
  fs.mkdirSync(paths.logs, { recursive: true });
  const out = fs.openSync(outFile(spec.name), "a");
  fs.writeSync(out, `\n--- ${new Date().toISOString()} start ${spec.command} ${spec.args.join(" ")}\n`);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    // ASYNCSCOPE_LAB_PROCESS marks every process of this lab (children inherit it), so a test
    // can prove none is left without matching on names another lab or user might share.
    env: { ...process.env, LAB_DIR: paths.lab, ASYNCSCOPE_LAB_PROCESS: paths.lab, ...spec.env },
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not spawn ${spec.command} for ${spec.name}`);
  child.unref();
  fs.writeFileSync(pidFile(spec.name), `${child.pid}\n`);
  return child.pid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the process group, wait up to `graceMs`, then SIGKILL what is left. */
export async function stop(name: string, graceMs = 15_000): Promise<"stopped" | "not running"> {
  const pid = readPid(name);
  if (pid === undefined) return "not running";
  if (groupAlive(pid)) {
    process.kill(-pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) {
      console.error(`${name}: still alive ${graceMs} ms after SIGTERM, sending SIGKILL to group ${pid}`);
      process.kill(-pid, "SIGKILL");
      while (groupAlive(pid)) await sleep(50);
    }
  }
  fs.rmSync(pidFile(name), { force: true });
  return "stopped";
}

export function portOpen(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Poll `check` until it returns true; fail with the name and the tail of the process log. */
export async function waitFor(name: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (readPid(name) !== undefined && !isRunning(name)) break; // it died; no point waiting
    await sleep(250);
  }
  let tail = "";
  try {
    tail = fs.readFileSync(outFile(name), "utf8").split("\n").slice(-25).join("\n");
  } catch (err) {
    tail = `(no output file: ${(err as Error).message})`;
  }
  throw new Error(`${name} did not become ready within ${timeoutMs} ms. Last output:\n${tail}`);
}

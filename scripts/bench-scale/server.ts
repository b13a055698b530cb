// One production server (`next start`, the build in .next/) on the lab's config, for the
// scale bench: started on a port, its RSS read from /proc, its own metrics scraped.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchServer {
  port: number;
  baseUrl: string;
  pid: number;
  /** Resident memory of the server and every process under it, in MB. */
  rssMb(): number;
  /** CPU time the server process has used so far (user + system), in ms. */
  cpuMs(): number;
  /** The server's process.memoryUsage() in MB, as memory-probe.cjs prints it. */
  memory(): Promise<string>;
  stop(): Promise<void>;
  /** The server's output so far (for failures). */
  output(): string;
  /** Where the server's stdout and stderr also go, kept after it stops (its warnings explain slow runs). */
  logFile: string;
}

/** pid → parent pid, from /proc (Linux only, like the rest of the lab). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process exited between readdir and read: it has no memory to count.
    }
  }
  return parents;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

export function treeRssMb(root: number): number {
  const parents = parentsByPid();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      kb += rssKb(pid);
    } catch (error) {
      // Only a process that exited since the listing may be missing; the root must be there.
      if (pid === root) throw error;
    }
  }
  return kb / 1024;
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** User + system CPU time of `pid` so far, in ms (/proc/<pid>/stat fields 14 and 15). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

export async function startServer(opts: {
  root: string;
  port: number;
  config: string;
  dataDir: string;
  databaseUrl?: string;
  env?: Record<string, string>;
}): Promise<BenchServer> {
  if (!existsSync(path.join(opts.root, ".next", "BUILD_ID")))
    throw new Error("no production build in .next/: run `npm run build` first");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ASYNCSCOPE_CONFIG: opts.config,
    ASYNCSCOPE_DATA_DIR: opts.dataDir,
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(import.meta.dirname, "memory-probe.cjs")}`.trim(),
    ...opts.env,
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  // next's own entry run by this node directly, so the pid is the server's and not a shell's.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(opts.root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(opts.port),
      "-H",
      "127.0.0.1",
    ],
    { cwd: opts.root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  // Named by port and start, so the next bench run does not overwrite this one's.
  const logFile = path.join(os.tmpdir(), `asyncscope-bench-${opts.port}-${Date.now()}.log`);
  writeFileSync(logFile, "");
  const keep = (c: Buffer) => {
    out += c.toString();
    appendFileSync(logFile, c);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    const up = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`server on ${opts.port} not healthy within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const pid = child.pid!;
  return {
    port: opts.port,
    baseUrl,
    pid,
    rssMb: () => treeRssMb(pid),
    cpuMs: () => processCpuMs(pid),
    memory: async () => {
      const seen = out.length;
      process.kill(pid, "SIGUSR2");
      for (let i = 0; i < 50; i++) {
        const line = /\[memory-probe\] (\{.*\})/.exec(out.slice(seen));
        if (line) {
          const m = JSON.parse(line[1]!) as Record<string, number>;
          return Object.entries(m)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ");
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return "no answer from memory-probe.cjs within 5 s";
    },
    output: () => out,
    logFile,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The server's counter `metric` summed by the value of its label `label`, from /api/metrics. */
async function countsBy(baseUrl: string, metric: string, label: string): Promise<Map<string, number>> {
  const res = await fetch(`${baseUrl}/api/metrics`);
  if (!res.ok) throw new Error(`GET /api/metrics: ${res.status}`);
  const text = await res.text();
  const byValue = new Map<string, number>();
  const series = new RegExp(`^${metric}\\{([^}]*)\\}\\s+(\\S+)`);
  const labelValue = new RegExp(`${label}="([^"]*)"`);
  for (const line of text.split("\n")) {
    const m = series.exec(line);
    if (!m) continue;
    const value = labelValue.exec(m[1]!)?.[1] ?? "?";
    byValue.set(value, (byValue.get(value) ?? 0) + Number(m[2]));
  }
  return byValue;
}

/** Upstream HTTP requests the server made so far, by source (asyncscope_upstream_requests_total). */
export const upstreamRequests = (baseUrl: string) => countsBy(baseUrl, "asyncscope_upstream_requests_total", "source");

/** Seconds spent in upstream requests so far, by source (asyncscope_upstream_request_duration_seconds_sum). */
export const upstreamSeconds = (baseUrl: string) =>
  countsBy(baseUrl, "asyncscope_upstream_request_duration_seconds_sum", "source");

/** Workflow evaluations asked for so far, by how they were served (asyncscope_evaluations_total). */
export const evaluationsServed = (baseUrl: string) => countsBy(baseUrl, "asyncscope_evaluations_total", "served");

export function delta(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after) out.set(k, v - (before.get(k) ?? 0));
  return out;
}

export const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

export const describeCounts = (m: Map<string, number>) =>
  [...m]
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || "none";

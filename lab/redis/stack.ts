// The Redis Streams part of `npm run lab -- up/down/status` (each one line in lab/stack.ts):
// redis-server, redis_exporter, the producer and one consumer per group.
import path from "node:path";
import { createClient } from "redis";
import { repoRoot } from "../config";
import { isRunning, portOpen, readPid, start, stop, waitFor } from "../procs";
import {
  REDIS_GROUPS,
  REDIS_LANE_PROCESSES,
  REDIS_LANES,
  REDIS_PROCS,
  REDIS_STREAMS,
  REDIS_UNDECLARED_CONSUMER,
  redisExporterUrl,
  redisUrl,
} from "./config";
import { REDIS_PORTS, startRedisExporter, startRedisServer } from "./server";

const checkout = path.join(repoRoot, "lab", "redis", "checkout.ts");
const node = (args: string[]) => ({
  command: process.execPath,
  args: ["--import", "tsx", checkout, ...args],
  cwd: repoRoot,
});

/** Checkouts per second the lab's Redis producer writes. */
export const REDIS_LAB_RATE = Number(process.env.LAB_REDIS_RATE ?? 2);

type LaneService = keyof typeof REDIS_LANE_PROCESSES;
const LANE_SERVICES = Object.keys(REDIS_LANE_PROCESSES) as LaneService[];
const INVOICE_API_TOKEN = "lab-invoice-token";

/**
 * Starts a fault-lane service (lab/redis/lanes.ts). `crashLoop`: the invoicing service starts
 * without its API token, exits at start-up, and the lab's supervisor restarts it with back-off.
 */
export function startRedisLaneService(name: LaneService, crashLoop = false): void {
  const run = [path.join(repoRoot, "lab", "redis", "lanes.ts"), name, ...REDIS_LANE_PROCESSES[name]];
  if (crashLoop) {
    const supervisor = path.join(repoRoot, "lab", "services", "supervisor.ts");
    start({
      name,
      command: process.execPath,
      args: ["--import", "tsx", supervisor, name, "--", process.execPath, "--import", "tsx", ...run],
      cwd: repoRoot,
      env: { INVOICE_API_TOKEN: undefined },
    });
    return;
  }
  start({
    name,
    command: process.execPath,
    args: ["--import", "tsx", ...run],
    cwd: repoRoot,
    env: { INVOICE_API_TOKEN },
  });
}

/** Stop order: producer first, so the consumers can drain, then the exporter, the server last. */
const STOP_ORDER = [
  REDIS_PROCS.producer,
  REDIS_PROCS.notification,
  REDIS_PROCS.inventory,
  ...LANE_SERVICES,
  REDIS_PROCS.exporter,
  REDIS_PROCS.server,
];

export async function groupsOf(stream: string): Promise<{ name: string; consumers: number }[]> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    return (await client.sendCommand(["XINFO", "GROUPS", stream])) as { name: string; consumers: number }[];
  } finally {
    await client.quit();
  }
}

export async function redisUp(): Promise<void> {
  const busy: string[] = [];
  for (const [what, port] of REDIS_PORTS) if (await portOpen(port)) busy.push(`${what} ${port}`);
  if (busy.length > 0)
    throw new Error(
      `ports already in use: ${busy.join(", ")}. A system redis-server? \`npm run lab -- setup\` stops it, or set LAB_REDIS_PORT/LAB_REDIS_EXPORTER_PORT.`,
    );
  await startRedisServer();
  await startRedisExporter();
  start({ name: REDIS_PROCS.notification, ...node(["consumer", REDIS_GROUPS.notification, "notification-1"]) });
  start({ name: REDIS_PROCS.inventory, ...node(["consumer", REDIS_GROUPS.inventory, "inventory-1"]) });
  for (const name of LANE_SERVICES) startRedisLaneService(name);
  // The producer starts once both groups exist, so every entry is read by both. (Redis 7.0 only
  // registers a consumer once XREADGROUP delivers to it, so the groups are what can be waited for.)
  await waitFor(
    REDIS_PROCS.inventory,
    async () => {
      const groups = await groupsOf(REDIS_STREAMS.orderConfirmed);
      return [...Object.values(REDIS_GROUPS), ...Object.keys(REDIS_LANES)].every((g) =>
        groups.some((x) => x.name === g),
      );
    },
    // Seven Node processes start at once here; on a busy two-core machine that takes a while.
    90_000,
  );
  start({ name: REDIS_PROCS.producer, ...node(["producer", String(REDIS_LAB_RATE)]) });
}

export async function redisDown(): Promise<void> {
  for (const name of [REDIS_UNDECLARED_CONSUMER.process, ...STOP_ORDER])
    if ((await stop(name)) === "stopped") console.log(`stopped ${name}`);
}

/** Prints the Redis part's processes and groups; false if anything is down. */
export async function redisStatus(): Promise<boolean> {
  let ok = true;
  console.log("redis streams");
  for (const name of STOP_ORDER) {
    const alive = isRunning(name);
    if (!alive) ok = false;
    console.log(`  ${name.padEnd(28)} ${alive ? `running  pid ${readPid(name)}` : "stopped"}`);
  }
  try {
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      const groups = (await client.sendCommand(["XINFO", "GROUPS", REDIS_STREAMS.orderConfirmed])) as {
        name: string;
        consumers: number;
        pending: number;
        lag: number | null;
      }[];
      console.log(`  ${REDIS_STREAMS.orderConfirmed}: group  lag  pending  consumers`);
      for (const g of groups)
        console.log(
          `    ${g.name.padEnd(14)} ${String(g.lag ?? "unknown").padStart(5)} ${String(g.pending).padStart(8)} ${String(g.consumers).padStart(10)}`,
        );
    } finally {
      await client.quit();
    }
  } catch (err) {
    ok = false;
    console.log(`  ${redisUrl}: unavailable (${(err as Error).message})`);
  }
  console.log(`  endpoints: redis ${redisUrl} | redis_exporter ${redisExporterUrl}/metrics`);
  return ok;
}

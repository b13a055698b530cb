// nats-server with JetStream as a plain lab process (pid file, log in .lab/logs), on loopback
// only, its store under .lab/nats. Joins `npm run lab -- up/down/status` through lab/stack.ts.
import fs from "node:fs";
import path from "node:path";
import { host, repoRoot } from "../config";
import { isRunning, portOpen, readPid, start, stop, waitFor } from "../procs";
import {
  NATS_LANE_PROCESSES,
  NATS_LANES,
  NATS_PROCESS,
  NATS_TOPOLOGY,
  NATS_UNDECLARED_CONSUMER,
  natsPaths,
  natsPorts,
  natsUrls,
} from "./config";

function serverConfig(): string {
  // JSON is valid NATS config, and quotes every path for us.
  return JSON.stringify(
    {
      server_name: "asyncscope-lab-nats",
      listen: `${host}:${natsPorts.client}`,
      http: `${host}:${natsPorts.monitor}`,
      jetstream: { store_dir: natsPaths.store },
    },
    null,
    2,
  );
}

async function jetStreamReady(): Promise<boolean> {
  const res = await fetch(`${natsUrls.monitor}/jsz`, { signal: AbortSignal.timeout(1000) });
  if (!res.ok) return false;
  const body = (await res.json()) as { config?: unknown; disabled?: boolean };
  return body.disabled !== true && body.config !== undefined;
}

export async function startNats(): Promise<void> {
  if (isRunning(NATS_PROCESS)) throw new Error(`${NATS_PROCESS} is already running (pid ${readPid(NATS_PROCESS)})`);
  for (const [what, p] of [
    ["nats client", natsPorts.client],
    ["nats monitoring", natsPorts.monitor],
  ] as const)
    if (await portOpen(p))
      throw new Error(
        `${what} port ${p} is in use by something that is not this lab (a system nats-server? \`service nats-server stop\`), or set LAB_NATS_PORT/LAB_NATS_MONITOR_PORT`,
      );
  fs.mkdirSync(natsPaths.store, { recursive: true });
  fs.writeFileSync(natsPaths.config, serverConfig());
  start({ name: NATS_PROCESS, command: natsPaths.bin, args: ["-c", natsPaths.config] });
  await waitFor(NATS_PROCESS, jetStreamReady, 20_000);
}

export async function stopNats(): Promise<void> {
  if ((await stop(NATS_PROCESS)) === "stopped") console.log(`stopped ${NATS_PROCESS}`);
}

/** Prints the server's state and its streams' figures; false when it should run and does not. */
export async function natsStatus(): Promise<boolean> {
  let allUp = true;
  for (const name of [NATS_PROCESS, ...NATS_SERVICES]) {
    const running = isRunning(name);
    if (!running) allUp = false;
    console.log(`  ${name.padEnd(22)} ${running ? `running  pid ${readPid(name)}` : "stopped"}`);
  }
  if (!isRunning(NATS_PROCESS)) return false;
  try {
    const res = await fetch(`${natsUrls.monitor}/jsz?consumers=true`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as {
      account_details?: {
        stream_detail?: {
          name: string;
          state: { messages: number };
          consumer_detail?: { name: string; num_pending: number; num_ack_pending: number; num_waiting: number }[];
        }[];
      }[];
    };
    console.log("jetstream consumers                      pending  ack pending  pull requests");
    for (const stream of body.account_details?.flatMap((a) => a.stream_detail ?? []) ?? [])
      for (const c of stream.consumer_detail ?? [])
        console.log(
          `  ${`${stream.name}/${c.name}`.padEnd(38)} ${String(c.num_pending).padStart(7)} ${String(c.num_ack_pending).padStart(12)} ${String(c.num_waiting).padStart(14)}`,
        );
    return allUp;
  } catch (err) {
    console.log(`jetstream: unavailable (${(err as Error).message})`);
    return false;
  }
}

/** The JetStream checkout's services (lab/nats/services), in start order. */
export const NATS_SERVICES = [
  "nats-notification-service",
  "nats-invoicing-service",
  "nats-fulfilment-service",
  "nats-order-publisher",
] as const;
export type NatsService = (typeof NATS_SERVICES)[number];
const serviceArgs: Record<NatsService, string[]> = {
  "nats-notification-service": ["notification-consumer.ts"],
  "nats-invoicing-service": ["lanes.ts", "nats-invoicing-service", ...NATS_LANE_PROCESSES["nats-invoicing-service"]],
  "nats-fulfilment-service": ["lanes.ts", "nats-fulfilment-service", ...NATS_LANE_PROCESSES["nats-fulfilment-service"]],
  "nats-order-publisher": ["publisher.ts"],
};
const INVOICE_API_TOKEN = "lab-invoice-token";

/**
 * Starts one service. `crashLoop`: the invoicing service starts without its API token, exits at
 * start-up, and the lab's supervisor restarts it with back-off (the nats-consumer-crashloop fault).
 */
export function startNatsService(name: NatsService, crashLoop = false): void {
  const [file, ...args] = serviceArgs[name];
  const run = [path.join(repoRoot, "lab", "nats", "services", file!), ...args];
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

/** `npm run lab -- up`'s NATS step: the server, the workflow's streams and consumers, its services. */
export async function startNatsLab(): Promise<void> {
  await startNats();
  const { ensureTopology } = await import("./topology");
  await ensureTopology();
  for (const name of NATS_SERVICES) startNatsService(name);
  // A consumer is up once its pull request waits on the server.
  // Four Node processes start at once here; on a busy two-core machine that takes a while.
  await waitFor(
    "nats-notification-service",
    async () => (await pullRequestsWaiting(NATS_TOPOLOGY.stream, NATS_TOPOLOGY.consumers.notification.name)) > 0,
    90_000,
  );
  for (const [consumer, lane] of Object.entries(NATS_LANES))
    await waitFor(
      `the ${consumer} lane's consumer`,
      async () => (await pullRequestsWaiting(lane.stream, consumer)) > 0,
      90_000,
    );
}

export async function pullRequestsWaiting(streamName: string, consumer: string): Promise<number> {
  const res = await fetch(`${natsUrls.monitor}/jsz?consumers=true`, { signal: AbortSignal.timeout(1000) });
  const body = (await res.json()) as {
    account_details?: {
      stream_detail?: { name: string; consumer_detail?: { name: string; num_waiting: number }[] }[];
    }[];
  };
  const stream = body.account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === streamName);
  return stream?.consumer_detail?.find((c) => c.name === consumer)?.num_waiting ?? 0;
}

export async function stopNatsLab(): Promise<void> {
  for (const name of [NATS_UNDECLARED_CONSUMER.process, ...[...NATS_SERVICES].reverse()])
    if ((await stop(name)) === "stopped") console.log(`stopped ${name}`);
  await stopNats();
}

// redis-server and redis_exporter as plain lab processes (pid files under .lab/pids, like the
// rest of the lab), from Debian's redis-server and prometheus-redis-exporter packages.
import fs from "node:fs";
import { host } from "../config";
import { isRunning, portOpen, readPid, start, stop, waitFor } from "../procs";
import { EXPORTER_STREAM_PATTERN, REDIS_PROCS, redisExporterUrl, redisPaths, redisPorts, redisUrl } from "./config";

export const REDIS_SERVER_BIN = process.env.LAB_REDIS_SERVER_BIN ?? "redis-server";
export const REDIS_EXPORTER_BIN = process.env.LAB_REDIS_EXPORTER_BIN ?? "prometheus-redis-exporter";

export const REDIS_PORTS: [string, number][] = [
  ["redis", redisPorts.redis],
  ["redis exporter", redisPorts.exporter],
];

export async function startRedisServer(): Promise<void> {
  fs.mkdirSync(redisPaths.data, { recursive: true });
  start({
    name: REDIS_PROCS.server,
    command: REDIS_SERVER_BIN,
    args: [
      "--bind",
      host,
      "--port",
      String(redisPorts.redis),
      "--dir",
      redisPaths.data,
      // The lab's streams are rebuilt by its services; no snapshot forks on a busy 2-core box.
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--logfile",
      "",
    ],
  });
  await waitFor(REDIS_PROCS.server, () => portOpen(redisPorts.redis), 20_000);
}

export async function startRedisExporter(): Promise<void> {
  start({
    name: REDIS_PROCS.exporter,
    command: REDIS_EXPORTER_BIN,
    args: [
      "-redis.addr",
      redisUrl,
      "-web.listen-address",
      `${host}:${redisPorts.exporter}`,
      // Per stream, group and consumer series (redis_stream_group_lag etc.) for the workflow's streams.
      "-check-streams",
      EXPORTER_STREAM_PATTERN,
    ],
  });
  await waitFor(
    REDIS_PROCS.exporter,
    async () => (await fetch(`${redisExporterUrl}/metrics`, { signal: AbortSignal.timeout(2000) })).ok,
    20_000,
  );
}

export async function stopRedisServer(): Promise<void> {
  await stop(REDIS_PROCS.server);
}

export async function stopRedisExporter(): Promise<void> {
  await stop(REDIS_PROCS.exporter);
}

export function redisProcessStatus(): { name: string; pid?: number; running: boolean }[] {
  return [REDIS_PROCS.server, REDIS_PROCS.exporter].map((name) => ({
    name,
    pid: readPid(name),
    running: isRunning(name),
  }));
}

// up / down / status / reset / load / fault: the lab as a whole.
import fs from "node:fs";
import path from "node:path";
import { paths, ports, rabbit, repoRoot, urls } from "./config";
import { loadAlertRules, startAlertSink, startAlertmanager } from "./alerting";
import { consumerApps, rabbitApi, startJaeger, startPrometheus, startRabbit, startVictoriaLogs } from "./components";
import {
  brokerFaultsOf,
  DEFAULTS,
  type FaultName,
  type FaultOptions,
  type FaultState,
  readFaults,
  withFaultsLocked,
  writeFaults,
} from "./faults";
import { kafkaDown, kafkaLabStatus, kafkaUp } from "./kafka/stack";
import { isRunning, listManaged, portOpen, readPid, start, stop, waitFor } from "./procs";
import { NATS_PROCESS, natsPorts } from "./nats/config";
import { NATS_SERVICES, natsStatus, startNatsLab } from "./nats/server";
import { QUEUES, dlqOf } from "./topology";
import { redisDown, redisStatus, redisUp } from "./redis/stack";

export const SERVICES = ["order-service", "notification-service", "inventory-service"] as const;
type ServiceName = (typeof SERVICES)[number] | "website-counter" | "load";

const serviceFile = (name: string) => path.join(repoRoot, "lab", "services", `${name}.ts`);
const node = (file: string, args: string[] = []) => ({
  command: process.execPath,
  args: ["--import", "tsx", file, ...args],
  cwd: repoRoot,
});

/** What `down` stops, in order: load first, the broker and its epmd last. */
const STOP_ORDER = [
  "load",
  "website-counter",
  ...SERVICES,
  ...NATS_SERVICES,
  // Before the brokers it reads, so it does not log their going as failed reads.
  "broker-sampler",
  // After the services, so their last lines (flushed on SIGTERM) still reach it.
  "victorialogs",
  "prometheus",
  "alertmanager",
  "alert-sink",
  "jaeger",
  "kafka",
  "rabbitmq",
  "epmd",
  NATS_PROCESS,
];

const healthPort: Partial<Record<ServiceName, number>> = {
  "order-service": ports.orderService,
  "notification-service": ports.notificationMetrics,
  "inventory-service": ports.inventoryMetrics,
};

async function healthy(port: number): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
  return res.ok;
}

/** The broker sampler (lab/sampler.ts), once Kafka and NATS are up; ready when it serves /metrics. */
async function startSampler(): Promise<void> {
  start({
    name: "broker-sampler",
    command: process.execPath,
    args: ["--conditions=react-server", "--import", "tsx", path.join(repoRoot, "lab", "sampler.ts")],
    cwd: repoRoot,
  });
  await waitFor("broker-sampler", () => healthy(ports.sampler), 30_000);
}

/**
 * A service's start-up (Node, tsx, OpenTelemetry, its broker connection) takes seconds on a quiet
 * machine; in CI, beside two busy test workers, one took over 60 s to answer its health port.
 * Under the 170 s the lab tests give one CLI call (tests/lab/helpers.ts), with room to stop it first.
 */
const SERVICE_READY_MS = 150_000;

/** Start one lab service the way the current fault state says it should run. */
export async function startService(name: ServiceName, faults: FaultState = readFaults()): Promise<void> {
  if (faults["consumer-down"]?.service === name) {
    console.log(`skip ${name}: consumer-down fault is on`);
    return;
  }
  if (name === "notification-service" && faults["consumer-crashloop"]) {
    // The seed-001 deployment: the variable is misspelt, the service exits on start and the
    // supervisor keeps restarting it with back-off.
    const { command, args, cwd } = node(serviceFile(name));
    start({
      name,
      ...node(path.join(repoRoot, "lab", "services", "supervisor.ts"), [name, "--", command, ...args]),
      cwd,
      env: { SMTP_PASS: "lab-smtp-secret", SMTP_PASSWORD: undefined },
    });
    return; // never becomes healthy, by design
  }
  start({ name, ...node(serviceFile(name)), env: { SMTP_PASSWORD: "lab-smtp-secret", SMTP_PASS: undefined } });
  const port = healthPort[name];
  if (port) await waitFor(name, () => healthy(port), SERVICE_READY_MS);
}

export async function stopService(name: string) {
  const t0 = Date.now();
  const r = await stop(name);
  if (r === "stopped") console.log(`stopped ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function waitForConsumers(queue: string, min: number, timeoutMs = 30_000) {
  await waitFor(
    "rabbitmq",
    async () =>
      (await rabbitApi<{ consumers: number }>(`/api/queues/%2F/${encodeURIComponent(queue)}`)).consumers >= min,
    timeoutMs,
  );
}

const ALL_PORTS: [string, number][] = [
  ["epmd", ports.epmd],
  ["amqp", ports.amqp],
  ["rabbitmq management", ports.rabbitManagement],
  ["rabbitmq prometheus", ports.rabbitPrometheus],
  ["rabbitmq distribution", ports.rabbitDist],
  ["prometheus", ports.prometheus],
  ["jaeger query", ports.jaegerQuery],
  ["jaeger query grpc", ports.jaegerQueryGrpc],
  ["otlp grpc", ports.otlpGrpc],
  ["otlp http", ports.otlpHttp],
  ["jaeger internal metrics", ports.jaegerInternalMetrics],
  ["jaeger spanmetrics", ports.jaegerSpanMetrics],
  ["order-service", ports.orderService],
  ["notification-service metrics", ports.notificationMetrics],
  ["inventory-service metrics", ports.inventoryMetrics],
  ["victorialogs", ports.victoriaLogs],
  ["alertmanager", ports.alertmanager],
  ["alert sink", ports.alertSink],
  ["broker sampler", ports.sampler],
];

export async function up(): Promise<void> {
  const running = listManaged().filter(isRunning);
  if (running.length > 0) throw new Error(`already running: ${running.join(", ")} (run \`npm run lab -- down\` first)`);
  const busy: string[] = [];
  for (const [what, port] of ALL_PORTS) if (await portOpen(port)) busy.push(`${what} ${port}`);
  if (busy.length > 0) {
    throw new Error(
      `ports already in use by something that is not this lab: ${busy.join(", ")}. ` +
        "A system rabbitmq-server/prometheus? Run `npm run lab -- setup` (stops them under systemd) or set the LAB_*_PORT variables.",
    );
  }
  const t0 = Date.now();
  const step = async (label: string, f: () => Promise<void>) => {
    const s = Date.now();
    await f();
    console.log(`up   ${label} (${((Date.now() - s) / 1000).toFixed(1)} s)`);
  };
  writeFaults({}); // `up` always starts healthy
  try {
    await step(
      `rabbitmq amqp ${ports.amqp}, management ${ports.rabbitManagement}, prometheus ${ports.rabbitPrometheus}`,
      startRabbit,
    );
    await step(
      `jaeger query ${ports.jaegerQuery}, otlp ${ports.otlpGrpc}/${ports.otlpHttp}, spanmetrics ${ports.jaegerSpanMetrics}`,
      startJaeger,
    );
    await step(`prometheus ${ports.prometheus}`, startPrometheus);
    await step(`nats-server ${natsPorts.client}, monitoring ${natsPorts.monitor}`, startNatsLab);
    // Before the services, so their first lines (the crash loop's config error) have a store.
    await step(`victorialogs ${ports.victoriaLogs}`, startVictoriaLogs);
    await step("kafka (kfake, lab/kafka) and its checkout services", kafkaUp);
    await step(`broker sampler ${ports.sampler} (kafka_exporter and -jsz series)`, startSampler);
    for (const s of SERVICES) await step(s, () => startService(s));
    await waitForConsumers(QUEUES.notification, 1);
    await waitForConsumers(QUEUES.inventory, 1);
    await step(`alert sink ${ports.alertSink}`, startAlertSink);
    await step(`alertmanager ${ports.alertmanager}`, startAlertmanager);
    await step("redis streams (lab/redis): redis-server, redis_exporter, checkout producer and groups", redisUp);
    // After every broker's services: they declare the dead-letter queues the rules name.
    await step("alert rules loaded into prometheus", loadAlertRules);
  } catch (err) {
    console.error(`up failed, stopping what was started: ${(err as Error).message}`);
    await down();
    throw err;
  }
  console.log(
    `lab is up in ${((Date.now() - t0) / 1000).toFixed(1)} s. Try: npm run lab -- load 5; npm run lab -- status`,
  );
}

export async function down(): Promise<void> {
  await redisDown();
  await kafkaDown();
  const managed = listManaged();
  const order = [...STOP_ORDER, ...managed.filter((m) => !STOP_ORDER.includes(m))];
  for (const name of order) if (managed.includes(name)) await stopService(name);
  const left = listManaged();
  if (left.length > 0) throw new Error(`pid files left behind: ${left.join(", ")}`);
  console.log("lab is down");
}

export async function reset(): Promise<void> {
  const wasUp = isRunning("rabbitmq");
  await down();
  for (const d of [paths.rabbit, paths.prometheus, paths.jaeger, paths.victoriaLogs, paths.logs])
    fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(paths.faults, { force: true });
  console.log("lab state wiped (.lab/ except bin/)");
  if (wasUp) await up();
}

export async function load(arg: string | undefined): Promise<void> {
  await stop("load");
  if (arg === "stop" || arg === "0") {
    console.log("load stopped");
    return;
  }
  const rate = arg === undefined ? 5 : Number(arg);
  if (!(rate > 0 && rate <= 200)) throw new Error(`load: expected a rate per second in (0, 200] or "stop", got ${arg}`);
  if (!isRunning("order-service")) throw new Error("order-service is not running (npm run lab -- up)");
  start({ name: "load", ...node(serviceFile("load"), [String(rate)]) });
  console.log(
    `load: ${rate} checkouts/s in the background (pid ${readPid("load")}); stop with \`npm run lab -- load stop\``,
  );
}

export async function fault(name: FaultName, on: boolean, opts: FaultOptions): Promise<void> {
  const options = { ...DEFAULTS[name], ...opts };
  const state = await withFaultsLocked(() => {
    const read = readFaults();
    if (!on && !read[name]) return undefined;
    if (on) read[name] = options;
    else delete read[name];
    writeFaults(read);
    return read;
  });
  if (!state) {
    console.log(`fault ${name} is already off`);
    return;
  }
  const target = (state[name] ?? options).service ?? "";

  const broker = brokerFaultsOf(name);
  if (broker) await broker.apply(name, on, state);
  switch (name) {
    case "silent-drop":
    case "slow-consumer":
    case "poison-messages":
      break; // read by the running services within a second
    case "consumer-crashloop":
      await stopService("notification-service");
      await startService("notification-service", state);
      break;
    case "stolen-messages":
      if (on) {
        if (!isRunning("website-counter")) start({ name: "website-counter", ...node(serviceFile("website-counter")) });
        await waitFor(
          "website-counter",
          async () => (await consumerApps(QUEUES.inventory)).includes("website-counter"),
          30_000,
        );
      } else await stopService("website-counter");
      break;
    case "consumer-down":
      if (!(SERVICES as readonly string[]).includes(target))
        throw new Error(`consumer-down: unknown service ${target}`);
      if (on) await stopService(target);
      else if (!isRunning(target)) await startService(target as ServiceName, state);
      break;
    case "clock-skew":
      if (!(SERVICES as readonly string[]).includes(target)) throw new Error(`clock-skew: unknown service ${target}`);
      // The offset is read at start-up, like a host clock the process cannot question.
      await stopService(target);
      await startService(target as ServiceName, state);
      break;
  }
  console.log(`fault ${name} ${on ? `on ${JSON.stringify(options)}` : "off"}`);
}

// ---- status ---------------------------------------------------------------------------

interface QueueInfo {
  name: string;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
}

async function promScalar(query: string): Promise<number | undefined> {
  const res = await fetch(`${urls.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`, {
    signal: AbortSignal.timeout(3000),
  });
  const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
  const v = body.data?.result?.[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

async function tracesLastMinute(): Promise<number> {
  const now = new Date();
  const q = new URLSearchParams({
    "query.service_name": "order-service",
    "query.start_time_min": new Date(now.getTime() - 60_000).toISOString(),
    "query.start_time_max": now.toISOString(),
    "query.num_traces": "1000",
  });
  const res = await fetch(`${urls.jaeger}/api/v3/traces?${q}`, { signal: AbortSignal.timeout(5000) });
  if (res.status === 404) return 0; // api_v3 answers 404 when nothing matches
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as {
    result?: { resourceSpans?: { scopeSpans?: { spans?: { traceId: string }[] }[] }[] };
  };
  const ids = new Set<string>();
  for (const rs of body.result?.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) ids.add(s.traceId);
  return ids.size;
}

/** Prints the state of every component and the key numbers. Returns false if anything is down. */
export async function status(): Promise<boolean> {
  let allUp = true;
  const faults = readFaults();
  const expected = [
    "epmd",
    "rabbitmq",
    "jaeger",
    "prometheus",
    "alertmanager",
    "alert-sink",
    "victorialogs",
    "broker-sampler",
    ...SERVICES,
  ];
  console.log("components");
  for (const name of [...expected, "website-counter", "load"]) {
    const pid = readPid(name);
    const alive = isRunning(name);
    const planned = faults["consumer-down"]?.service === name ? " (stopped by fault consumer-down)" : "";
    if (!alive && expected.includes(name) && !planned) allUp = false;
    if (!alive && !expected.includes(name)) continue;
    console.log(`  ${name.padEnd(22)} ${alive ? `running  pid ${pid}` : "stopped"}${planned}`);
  }
  if (!(await kafkaLabStatus())) allUp = false;
  const active = Object.keys(faults);
  console.log(
    `faults: ${active.length ? active.map((f) => `${f} ${JSON.stringify(faults[f as FaultName])}`).join(", ") : "none"}`,
  );

  const report = async (label: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (err) {
      allUp = false;
      console.log(`${label}: unavailable (${(err as Error).message})`);
    }
  };
  await report("queues", async () => {
    const queues = await rabbitApi<QueueInfo[]>(
      "/api/queues/%2F?columns=name,messages,messages_ready,messages_unacknowledged,consumers",
    );
    const wanted = [
      QUEUES.notification,
      QUEUES.inventory,
      QUEUES.retry,
      dlqOf(QUEUES.notification),
      dlqOf(QUEUES.inventory),
    ];
    console.log("queues                                   messages  ready  unacked  consumers  consumed by");
    for (const name of wanted) {
      const q = queues.find((x) => x.name === name);
      if (!q) console.log(`  ${name.padEnd(38)} (not declared yet)`);
      else
        console.log(
          `  ${name.padEnd(38)} ${String(q.messages ?? "?").padStart(8)} ${String(q.messages_ready ?? "?").padStart(6)} ${String(q.messages_unacknowledged ?? "?").padStart(8)} ${String(q.consumers ?? "?").padStart(10)}  ${q.consumers ? (await consumerApps(name)).join(", ") : ""}`,
        );
    }
  });
  if (!(await natsStatus())) allUp = false;
  await report("checkout rate", async () => {
    const rate = await promScalar('sum(rate(lab_checkouts_total{outcome="confirmed"}[1m]))');
    console.log(`checkout rate (1m, Prometheus): ${rate === undefined ? "no data" : `${rate.toFixed(2)}/s`}`);
  });
  await report("traces", async () => {
    console.log(`checkout traces stored in the last minute (Jaeger api_v3): ${await tracesLastMinute()}`);
  });
  await report("logs", async () => {
    // One JSON object per line: {"level":"info","lines":"612"} (stats results are strings).
    const q = new URLSearchParams({ query: "_time:1m | stats by (level) count() as lines" });
    const res = await fetch(`${urls.victoriaLogs}/select/logsql/query?${q}`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${await res.text()}`);
    const rows = (await res.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level?: string; lines: string });
    const byLevel = rows.map((r) => `${r.level || "(no level)"} ${r.lines}`).sort();
    console.log(`log lines in the last minute (VictoriaLogs): ${byLevel.length ? byLevel.join(", ") : "none"}`);
  });
  await report("alerts", async () => {
    const res = await fetch(`${urls.prometheus}/api/v1/alerts`, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { data: { alerts: { state: string; labels: Record<string, string> }[] } };
    const firing = body.data.alerts.filter((a) => a.state === "firing").map((a) => a.labels.alertname);
    console.log(`alerts firing (Prometheus): ${firing.length ? firing.join(", ") : "none"}`);
  });
  await report("broker sampler", async () => {
    const up = await promScalar('min(asyncscope_sampler_up{job="broker-sampler"})');
    console.log(
      `broker sampler (kafka_exporter and -jsz series): ${up === undefined ? "not scraped yet" : up === 1 ? "reading both brokers" : "a broker read fails (asyncscope_sampler_up 0)"}`,
    );
    if (up !== 1) allUp = false;
  });
  allUp = (await redisStatus()) && allUp;
  console.log(
    `endpoints: rabbitmq ${rabbit.managementUrl} (guest/guest) | prometheus ${urls.prometheus} | jaeger ${urls.jaeger} | victorialogs ${urls.victoriaLogs}/select/vmui/ | alertmanager ${urls.alertmanager} | alert sink ${urls.alertSink}/alerts`,
  );
  return allUp;
}

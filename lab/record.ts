// npm run lab -- record <fault|none> <minutes> [--baseline-minutes 1] [--out file.json.gz] [fault options]
// Records an evidence bundle from the live lab: the dead-letter queues emptied, a baseline with
// no fault, then the fault for <minutes> (under load for the RabbitMQ checkout), then captures
// the window of the workflow that sees the fault (./record-target.ts) through the app's own
// evaluation (npm run bundle:capture) while the fault is still on, and switches it off.
// The demo replays these files.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { purgeRabbitQueue } from "./components";
import { repoRoot } from "./config";
import { FAULT_SWITCHES, type FaultName, type FaultOptions, isFaultName, readFaults } from "./faults";
import { isRunning } from "./procs";
import { recordTarget, type RecordTarget } from "./record-target";
import { purgeDeadLetterAdvisories } from "./nats/topology";
import { fault, load } from "./stack";
import { dlqOf, QUEUES } from "./topology";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export interface RecordOptions {
  faultName: FaultName | "none";
  minutes: number;
  baselineMinutes: number;
  out: string;
  faultOptions: FaultOptions;
}

export function parseRecordArgs(args: string[], parseFaultOptions: (rest: string[]) => FaultOptions): RecordOptions {
  const [name, minutesText, ...rest] = args;
  if (!name || (name !== "none" && !isFaultName(name)))
    throw new Error(`record: expected a fault name or "none", got ${name ?? "nothing"}`);
  const minutes = Number(minutesText);
  if (!(minutes > 0 && minutes <= 60))
    throw new Error(`record: expected minutes in (0, 60], got ${minutesText ?? "nothing"}`);
  let baselineMinutes = 1;
  let out = path.join(repoRoot, "demo", "bundles", `${name}.json.gz`);
  const faultArgs: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag !== undefined && FAULT_SWITCHES.has(flag)) {
      faultArgs.push(flag);
      i -= 1; // a switch has no value
      continue;
    }
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--baseline-minutes") baselineMinutes = Number(value);
    else if (flag === "--out") out = path.resolve(value);
    else faultArgs.push(flag as string, value);
  }
  if (!(baselineMinutes >= 0 && baselineMinutes <= 30)) throw new Error("--baseline-minutes must be between 0 and 30");
  return {
    faultName: name as FaultName | "none",
    minutes,
    baselineMinutes,
    out,
    faultOptions: parseFaultOptions(faultArgs),
  };
}

export async function record(options: RecordOptions): Promise<void> {
  if (!isRunning("order-service")) throw new Error("record: the lab is not up (npm run lab -- up)");
  const active = Object.keys(readFaults());
  if (active.length > 0)
    throw new Error(`record: faults are on (${active.join(", ")}); switch them off first so the baseline is clean`);
  // Dead letters left by earlier faults would sit in the recording as an incident of their own
  // (a demo of the silent drop showing a dead-letter warning from hours before).
  for (const dlq of [dlqOf(QUEUES.notification), dlqOf(QUEUES.inventory)]) {
    const purged = await purgeRabbitQueue(dlq);
    if (purged > 0) console.log(`record: emptied ${dlq} (${purged} dead letters left by earlier faults)`);
  }
  // JetStream's dead letters are max-deliveries advisories, kept a week across lab restarts.
  await purgeDeadLetterAdvisories();
  const target = recordTarget(options.faultName);
  console.log(`record: workflow ${target.workflowId} of ${target.configPath}`);
  const startedLoad = target.drivenByLoad && !isRunning("load");
  if (startedLoad) await load("5");
  const start = new Date();
  try {
    console.log(`record: baseline for ${options.baselineMinutes} min`);
    await sleep(options.baselineMinutes * 60_000);
    if (options.faultName !== "none") await fault(options.faultName, true, options.faultOptions);
    console.log(`record: ${options.faultName} for ${options.minutes} min`);
    await sleep(options.minutes * 60_000);
    // Captured while the fault is still on: checks judged on the present state (who consumes,
    // what sits in a dead-letter queue) see the incident, as on-call would at that moment.
    capture(options, target, start, new Date());
  } finally {
    if (options.faultName !== "none") await fault(options.faultName, false, {});
    if (startedLoad) await load("stop");
  }
}

function capture(options: RecordOptions, target: RecordTarget, start: Date, end: Date): void {
  const label = `${options.faultName === "none" ? "no fault" : options.faultName} recorded from the lab (${options.baselineMinutes} min baseline, ${options.minutes} min fault)`;
  const run = spawnSync(
    "npm",
    [
      "run",
      "--silent",
      "bundle:capture",
      "--",
      "--workflow",
      target.workflowId,
      "--from",
      seconds(start),
      "--to",
      seconds(end),
      "--out",
      options.out,
      "--label",
      label,
    ],
    {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, ASYNCSCOPE_CONFIG: target.configPath },
    },
  );
  if (run.status !== 0) throw new Error(`record: capturing the bundle failed (exit ${run.status ?? run.signal})`);
}

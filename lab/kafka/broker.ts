// The lab's Kafka-protocol broker (lab/kafka/main.go, franz-go's kfake): built by `lab setup`,
// started and stopped with the rest of the lab, or alone (`npx tsx lab/kafka/cli.ts up|down|status`).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isRunning, portOpen, readPid, start, stop, waitFor } from "../procs";
import { KAFKA_PARTITIONS, KAFKA_PROCESS, KAFKA_TOPICS, kafkaPaths, kafkaPort } from "./config";
import { KAFKA_FAULT_TOPICS } from "./faults";

/** Builds the broker into .lab/bin unless it is there (about a minute on 2 cores, cold). */
export function buildKafka(): void {
  if (fs.existsSync(kafkaPaths.bin)) {
    console.log(`ok   kafka-lab binary present: ${kafkaPaths.bin}`);
    return;
  }
  fs.mkdirSync(path.dirname(kafkaPaths.bin), { recursive: true });
  const started = Date.now();
  console.log(`$ go build -trimpath -o ${kafkaPaths.bin} . (in lab/kafka)`);
  // go.sum is committed and complete: -mod=readonly fails rather than resolving anew, so the
  // lab runs the kfake version that was reviewed (a pseudo-version: kfake has no tags).
  execFileSync("go", ["build", "-trimpath", "-ldflags", "-s -w", "-o", kafkaPaths.bin, "."], {
    cwd: kafkaPaths.module,
    stdio: "inherit",
    env: { ...process.env, GOFLAGS: "-mod=readonly" },
  });
  console.log(`ok   built kafka-lab (franz-go kfake) in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function startKafka(): Promise<void> {
  if (!fs.existsSync(kafkaPaths.bin)) throw new Error(`${kafkaPaths.bin} missing: run \`npm run lab -- setup\``);
  if (await portOpen(kafkaPort)) throw new Error(`kafka port ${kafkaPort} is in use (set LAB_KAFKA_PORT)`);
  start({
    name: KAFKA_PROCESS,
    command: kafkaPaths.bin,
    args: [
      "-port",
      String(kafkaPort),
      "-partitions",
      String(KAFKA_PARTITIONS),
      "-topics",
      [...Object.values(KAFKA_TOPICS), ...KAFKA_FAULT_TOPICS].join(","),
    ],
  });
  await waitFor(KAFKA_PROCESS, () => portOpen(kafkaPort), 15_000);
}

export async function stopKafka(): Promise<void> {
  await stop(KAFKA_PROCESS);
}

/** One line for `lab status`; false when the broker is not running. */
export function kafkaStatus(): boolean {
  const alive = isRunning(KAFKA_PROCESS);
  console.log(
    `  ${"kafka".padEnd(22)} ${alive ? `running  pid ${readPid(KAFKA_PROCESS)}, port ${kafkaPort}` : "stopped"}`,
  );
  return alive;
}

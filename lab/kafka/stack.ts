// The Kafka part of `npm run lab -- up/down/status` (one line each in lab/stack.ts): the broker
// (broker.ts), then the checkout: order-service-kafka publishing order events to orders.placed,
// read by one consumer group per consuming service (checkout.ts).
import path from "node:path";
import { Admin } from "@platformatic/kafka";
import { repoRoot } from "../config";
import { isRunning, readPid, start, stop, waitFor } from "../procs";
import { kafkaStatus, startKafka, stopKafka } from "./broker";
import { KAFKA_GROUPS, KAFKA_SERVICES, KAFKA_TOPICS, kafkaBootstrap } from "./config";
import { KAFKA_FAULTS, faultProcesses, type KafkaFaultName } from "./faults";

const checkout = path.join(repoRoot, "lab", "kafka", "checkout.ts");
const node = (args: string[]) => ({
  command: process.execPath,
  args: ["--import", "tsx", checkout, ...args],
  cwd: repoRoot,
});

/** Stop order: the producer first, so the consumers can drain, the broker last. */
const CHECKOUT_PROCESSES = [KAFKA_SERVICES.producer, KAFKA_SERVICES.notification, KAFKA_SERVICES.inventory].map(
  (s) => s.process,
);

/** The groups that have members now (DescribeGroups), by group id. */
async function membersOf(groups: readonly string[]): Promise<Map<string, number>> {
  const admin = new Admin({ clientId: "asyncscope-lab", bootstrapBrokers: [kafkaBootstrap] });
  try {
    const listed = await admin.listGroups();
    const wanted = groups.filter((g) => listed.has(g));
    if (wanted.length === 0) return new Map();
    const described = await admin.describeGroups({ groups: wanted });
    return new Map([...described.values()].map((g) => [g.id, g.members.size]));
  } finally {
    await admin.close();
  }
}

export async function kafkaUp(): Promise<void> {
  await startKafka();
  for (const consumer of [KAFKA_SERVICES.notification, KAFKA_SERVICES.inventory])
    start({
      name: consumer.process,
      ...node(["consumer", KAFKA_TOPICS.orders, consumer.group, consumer.service, consumer.work]),
    });
  // The producer starts once both groups have a member, so every order is read from the start.
  await waitFor(
    KAFKA_SERVICES.inventory.process,
    async () => {
      const members = await membersOf(Object.values(KAFKA_GROUPS));
      return Object.values(KAFKA_GROUPS).every((g) => (members.get(g) ?? 0) > 0);
    },
    // Two node processes starting on a busy machine (CI's two cores) can take half a minute.
    90_000,
  );
  start({
    name: KAFKA_SERVICES.producer.process,
    ...node(["producer", KAFKA_TOPICS.orders, KAFKA_SERVICES.producer.service]),
  });
}

export async function kafkaDown(): Promise<void> {
  const faults = Object.keys(KAFKA_FAULTS).flatMap((f) => faultProcesses(f as KafkaFaultName));
  for (const name of [...faults, ...CHECKOUT_PROCESSES])
    if ((await stop(name)) === "stopped") console.log(`stopped ${name}`);
  await stopKafka();
}

/** Prints the Kafka part's processes and its groups' members; false if anything is down. */
export async function kafkaLabStatus(): Promise<boolean> {
  let ok = kafkaStatus();
  for (const name of CHECKOUT_PROCESSES) {
    const alive = isRunning(name);
    if (!alive) ok = false;
    console.log(`  ${name.padEnd(22)} ${alive ? `running  pid ${readPid(name)}` : "stopped"}`);
  }
  for (const name of Object.keys(KAFKA_FAULTS).flatMap((f) => faultProcesses(f as KafkaFaultName)))
    if (isRunning(name)) console.log(`  ${name.padEnd(22)} running  pid ${readPid(name)} (fault)`);
  if (!ok) return false;
  try {
    const members = await membersOf(Object.values(KAFKA_GROUPS));
    console.log(
      `kafka groups on ${KAFKA_TOPICS.orders}: ${Object.values(KAFKA_GROUPS)
        .map((g) => `${g} ${members.get(g) ?? 0} member(s)`)
        .join(", ")}`,
    );
  } catch (err) {
    console.log(`kafka groups: unavailable (${(err as Error).message})`);
    return false;
  }
  return true;
}

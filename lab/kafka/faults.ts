// The lab's Kafka faults (`npm run lab -- fault kafka-<name> on|off`), registered in
// lab/faults.ts. Each runs on a topic and consumer group of its own, with its own producer and
// consumer processes started when it goes on and stopped when it goes off, so all of them can
// run at once beside the healthy checkout (lab/kafka/stack.ts) without blaming one another.
// What each process does differently is its behaviour (lab/kafka/checkout.ts).
import path from "node:path";
import { repoRoot } from "../config";
import { isRunning, start, stop } from "../procs";
import type { BrokerFaults } from "../fault-set";
import { dltOf, type KafkaBehaviour } from "./checkout-names";

export interface KafkaFault {
  description: string;
  /** The fault's own topic, read by `group`; its dead-letter topic is `<topic>.DLT`. */
  topic: string;
  group: string;
  /** The service names its producer and consumer report (spans, logs). */
  producerService: string;
  consumerService: string;
  /** The consumer's span for the work each record asks for (the silent drop skips it). */
  workSpan: string;
  producerBehaviour?: KafkaBehaviour;
  consumerBehaviour?: KafkaBehaviour;
  /** The consumer runs under the lab's supervisor, which restarts it with back-off. */
  supervised?: boolean;
  /** A second, undeclared group reading the topic. */
  intruderGroup?: string;
}

function fault(
  name: string,
  description: string,
  behaviour: Omit<KafkaFault, "description" | "topic" | "group" | "producerService" | "consumerService" | "workSpan">,
): KafkaFault {
  return {
    description,
    topic: `${name}.orders`,
    group: `${name}-service`,
    producerService: `${name}-producer`,
    consumerService: `${name}-service`,
    workSpan: "stock.update",
    ...behaviour,
  };
}

export const KAFKA_FAULTS = {
  "kafka-crashloop": fault(
    "kafka-crashloop",
    "a consumer that joins its group and dies 3 s later, restarted with back-off: a rebalance storm, the group Empty between restarts",
    { consumerBehaviour: "crash", supervised: true },
  ),
  "kafka-stall": fault(
    "kafka-stall",
    "a consumer stuck on a record: still a member of its group, its committed offset never moves (Burrow STALL)",
    { consumerBehaviour: "stall" },
  ),
  "kafka-slow": fault(
    "kafka-slow",
    "a consumer taking 2 s per record while 2 arrive each second: lag only grows (Burrow WARN)",
    { consumerBehaviour: "slow" },
  ),
  "kafka-rewind": fault(
    "kafka-rewind",
    "the group's offsets are reset to the earliest every 8 s, and it replays at 4 records a second while 2 arrive: it never catches up, and its committed offset keeps going back (Burrow REWIND)",
    { consumerBehaviour: "rewind" },
  ),
  "kafka-poison": fault(
    "kafka-poison",
    "the producer sends 30% unparseable records; the consumer puts them on the dead-letter topic",
    { producerBehaviour: "poison" },
  ),
  "kafka-undeclared-group": fault(
    "kafka-undeclared-group",
    "a second consumer group, which no workflow declares, reads the topic",
    { intruderGroup: "kafka-undeclared-group-reporting" },
  ),
  "kafka-silent-drop": fault(
    "kafka-silent-drop",
    "the consumer commits 30% of records without doing their work, and logs nothing about them",
    { consumerBehaviour: "drop" },
  ),
} satisfies Record<string, KafkaFault>;

export type KafkaFaultName = keyof typeof KAFKA_FAULTS;

/** Every topic the faults use, created when the broker starts, so a workflow finds them at once. */
export const KAFKA_FAULT_TOPICS = Object.values(KAFKA_FAULTS).flatMap((f) => [f.topic, dltOf(f.topic)]);

const checkout = path.join(repoRoot, "lab", "kafka", "checkout.ts");
const supervisor = path.join(repoRoot, "lab", "services", "supervisor.ts");

/** The processes a fault runs, by pid-file name. */
export function faultProcesses(name: KafkaFaultName): string[] {
  const f: KafkaFault = KAFKA_FAULTS[name];
  return [`${name}-producer`, `${name}-consumer`, ...(f.intruderGroup ? [`${name}-intruder`] : [])];
}

const behaviourEnv = (b: KafkaBehaviour | undefined) => ({ LAB_KAFKA_BEHAVIOUR: b });

/** Starts the fault's processes (none already running is started twice). */
export function kafkaFaultOn(name: KafkaFaultName): void {
  const f: KafkaFault = KAFKA_FAULTS[name];
  const [producer, consumer, intruder] = faultProcesses(name);
  const nodeArgs = (args: string[]) => ["--import", "tsx", checkout, ...args];
  const consumerArgs = nodeArgs(["consumer", f.topic, f.group, f.consumerService, f.workSpan]);
  if (!isRunning(consumer!))
    start({
      name: consumer!,
      command: process.execPath,
      args: f.supervised
        ? ["--import", "tsx", supervisor, consumer!, "--", process.execPath, ...consumerArgs]
        : consumerArgs,
      cwd: repoRoot,
      env: behaviourEnv(f.consumerBehaviour),
    });
  if (intruder && f.intruderGroup && !isRunning(intruder))
    start({
      name: intruder,
      command: process.execPath,
      args: nodeArgs(["consumer", f.topic, f.intruderGroup, `${name}-reporting`, "report.count"]),
      cwd: repoRoot,
      env: behaviourEnv(undefined),
    });
  if (!isRunning(producer!))
    start({
      name: producer!,
      command: process.execPath,
      args: nodeArgs(["producer", f.topic, f.producerService]),
      cwd: repoRoot,
      env: behaviourEnv(f.producerBehaviour),
    });
}

export async function kafkaFaultOff(name: KafkaFaultName): Promise<void> {
  for (const proc of faultProcesses(name)) await stop(proc);
}

/** The Kafka faults as lab/faults.ts registers them (lab/fault-set.ts). */
export const KAFKA_LAB_FAULTS: BrokerFaults<KafkaFaultName> = {
  descriptions: Object.fromEntries(
    (Object.keys(KAFKA_FAULTS) as KafkaFaultName[]).map((name) => [name, KAFKA_FAULTS[name].description]),
  ) as Record<KafkaFaultName, string>,
  // Each fault runs on a topic of its own with fixed behaviour: nothing to set per run.
  defaults: Object.fromEntries((Object.keys(KAFKA_FAULTS) as KafkaFaultName[]).map((name) => [name, {}])) as Record<
    KafkaFaultName,
    Record<string, never>
  >,
  apply: async (name, on) => (on ? kafkaFaultOn(name) : kafkaFaultOff(name)),
};

/**
 * The workflow that watches one fault's topic, as asyncscope.yaml would declare it (to see a
 * fault on the page, add it to the lab's config); `thresholds` and `logs` as the checkout's.
 */
export function kafkaFaultWorkflow(name: KafkaFaultName, like: { thresholds?: unknown; logs?: unknown } = {}) {
  const f: KafkaFault = KAFKA_FAULTS[name];
  const send = `send ${f.topic}`;
  return {
    id: name,
    name: `Kafka fault ${name}`,
    description: f.description,
    producer: { service: f.producerService, span: send, kind: "producer" },
    broker: "kafka",
    destinations: [
      {
        topic: f.topic,
        group: f.group,
        consumers: [{ clientId: f.consumerService }],
        deadLetterTopics: [dltOf(f.topic)],
      },
    ],
    expectedSpans: [
      { service: f.producerService, span: send, kind: "producer" },
      { service: f.consumerService, span: `process ${f.topic}`, kind: "consumer" },
      { service: f.consumerService, span: f.workSpan },
    ],
    ...(like.thresholds ? { thresholds: like.thresholds } : {}),
    ...(like.logs ? { logs: like.logs } : {}),
  };
}

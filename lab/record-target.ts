// What `lab record` captures for a fault: the workflow that sees it and the config that declares
// it. The RabbitMQ faults break the example's checkout; the NATS and Redis faults each break one
// lane of that broker's checkout; a Kafka fault runs on a topic of its own, so its recording is
// of the workflow that watches that topic (kafkaFaultWorkflow), written beside the lab's config.
import fs from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { labDir } from "./config";
import { labExampleConfigPath } from "./example-config";
import type { FaultName } from "./faults";
import { KAFKA_FAULTS, kafkaFaultWorkflow, type KafkaFaultName } from "./kafka/faults";
import { NATS_FAULTS } from "./nats/faults";
import { REDIS_FAULTS } from "./redis/faults";

export interface RecordTarget {
  workflowId: string;
  /** The config the capture runs on (ASYNCSCOPE_CONFIG). */
  configPath: string;
  /** The lab's load generator drives the RabbitMQ checkout only; the other brokers' producers run on their own. */
  drivenByLoad: boolean;
}

const isKafkaFault = (name: string): name is KafkaFaultName => Object.hasOwn(KAFKA_FAULTS, name);

/** The lab's example config with the Kafka fault's workflow as its only one (thresholds and logs as checkout-kafka's). */
function kafkaFaultConfigPath(name: KafkaFaultName): string {
  const raw = parse(fs.readFileSync(labExampleConfigPath(), "utf8")) as {
    workflows: { id: string; thresholds?: unknown; logs?: unknown }[];
  };
  const like = raw.workflows.find((w) => w.id === "checkout-kafka");
  if (!like) throw new Error("record: asyncscope.example.yaml has no checkout-kafka workflow to model the fault's on");
  raw.workflows = [kafkaFaultWorkflow(name, like) as unknown as (typeof raw.workflows)[number]];
  const target = path.join(labDir, `asyncscope.record.${name}.yaml`);
  fs.writeFileSync(
    target,
    `# Written by lab record for the ${name} recording (lab/record-target.ts)\n${stringify(raw)}`,
  );
  return target;
}

export function recordTarget(fault: FaultName | "none"): RecordTarget {
  if (isKafkaFault(fault)) return { workflowId: fault, configPath: kafkaFaultConfigPath(fault), drivenByLoad: false };
  if (Object.hasOwn(NATS_FAULTS.descriptions, fault))
    return { workflowId: "checkout-nats", configPath: labExampleConfigPath(), drivenByLoad: false };
  if (Object.hasOwn(REDIS_FAULTS.descriptions, fault))
    return { workflowId: "checkout-redis", configPath: labExampleConfigPath(), drivenByLoad: false };
  return { workflowId: "checkout", configPath: labExampleConfigPath(), drivenByLoad: true };
}

// `lab record <fault>` captures the workflow that sees the fault, from a config the app accepts:
// a RabbitMQ fault the example's checkout, a NATS or Redis fault its broker's checkout, a Kafka
// fault the workflow of its own topic (the demo replays these, so a wrong pick would record a
// healthy workflow under the fault's name).
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { recordTarget } from "../../../lab/record-target";
import { KAFKA_FAULTS } from "../../../lab/kafka/faults";

const env = { ...process.env, RABBITMQ_USER: "guest", RABBITMQ_PASSWORD: "guest" };

describe("lab record's target", () => {
  it.each([
    ["consumer-crashloop", "checkout", "rabbitmq", true],
    ["none", "checkout", "rabbitmq", true],
    ["nats-poison-messages", "checkout-nats", "nats", false],
    ["redis-stalled-consumer", "checkout-redis", "redis-streams", false],
  ] as const)("%s records %s (%s)", (fault, workflowId, broker, drivenByLoad) => {
    const target = recordTarget(fault);
    expect(target.workflowId).toBe(workflowId);
    expect(target.drivenByLoad).toBe(drivenByLoad);
    const workflow = loadConfigFile(target.configPath, env).workflows.find((w) => w.id === workflowId);
    expect(workflow?.broker).toBe(broker);
  });

  it("a Kafka fault records the one workflow that watches its topic and group", () => {
    const target = recordTarget("kafka-stall");
    const { workflows } = loadConfigFile(target.configPath, env);
    expect(workflows.map((w) => w.id)).toEqual(["kafka-stall"]);
    expect(workflows[0]!.destinations.map((d) => d.ref.identity)).toEqual([
      { topic: KAFKA_FAULTS["kafka-stall"].topic, group: KAFKA_FAULTS["kafka-stall"].group },
    ]);
    expect(target.drivenByLoad).toBe(false);
  });
});

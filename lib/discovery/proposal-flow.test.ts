// The flow strip of a proposal, on the stolen-messages recording of the lab (demo/bundles/): the
// thief is drawn as undeclared on the queue it reads, the declared consumers are not, the
// delay queue returns instead of being consumed, and the words are the broker's.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBundleFile } from "@/lib/sources/recording/file";
import { KAFKA_VOCABULARY } from "@/lib/sources/kafka/config";
import { RABBIT_VOCABULARY } from "@/lib/sources/rabbitmq/config";
import { discoveryInputFromRecording } from "./from-recording";
import { proposalFlow } from "./proposal-flow";
import { discoverWorkflows } from "./propose";

const root = path.resolve(import.meta.dirname, "../..");
const stolen = discoverWorkflows(
  discoveryInputFromRecording(
    readBundleFile(path.join(root, "demo/bundles/stolen-messages.json.gz")).workflows[0]!.signals,
  ),
).proposals[0]!;

describe("proposalFlow", () => {
  const flow = proposalFlow(stolen, RABBIT_VOCABULARY);

  it("draws producer → exchange → each queue → its consumers, with the thief undeclared", () => {
    expect(flow.producer.name).toBe("order-service");
    expect(flow.entry).toMatchObject({ word: "exchange", name: "orders", from: "routing key order_confirmed" });
    const byName = Object.fromEntries(flow.branches.map((b) => [b.name, b]));
    expect(byName["order_confirmed.inventory"]!.consumers).toEqual([
      { name: "inventory-service", undeclared: false },
      { name: "website-counter", undeclared: true },
    ]);
    expect(byName["order_confirmed.notification"]!.consumers).toEqual([
      { name: "notification-service", undeclared: false },
    ]);
    expect(byName["order_confirmed.inventory"]!.out.figures).toContainEqual({ label: "suspect", text: "1" });
  });

  it("a delay queue returns instead of being consumed; dead-letter queues hang off their queue", () => {
    const retry = flow.branches.find((b) => b.name === "order_confirmation_retry")!;
    expect(retry.consumers).toEqual([]);
    expect(retry.returnsTo).toBeDefined();
    const withDlq = flow.branches.filter((b) => b.deadLetter);
    expect(withDlq.length).toBeGreaterThan(0);
    expect(withDlq[0]!.deadLetter!.word).toBe("dead-letter queue");
  });

  it("nothing is judged yet: every edge is neutral, with the evidence's confidence", () => {
    const edges = flow.branches.flatMap((b) => [b.into, b.out, ...(b.deadLetter ? [b.deadLetter.edge] : [])]);
    expect(new Set(edges.map((e) => e.status))).toEqual(new Set(["ok"]));
    expect(flow.branches[0]!.into.figures[0]).toMatchObject({ label: "sure" });
    expect(flow.branches[0]!.into.figures[0]!.text).toMatch(/^\d+ %$/);
  });

  it("speaks the broker's words: a Kafka proposal has topics and no exchange", () => {
    const kafka = proposalFlow({ ...stolen, broker: "kafka" }, KAFKA_VOCABULARY);
    expect(kafka.entry).toBeUndefined();
    expect(new Set(kafka.branches.map((b) => b.kindWord))).toEqual(new Set(["topic"]));
  });

  it("an unknown broker (a recording from a newer version) still draws, in neutral words", () => {
    const unknown = proposalFlow({ ...stolen, broker: "pulsar" });
    expect(unknown.entry).toBeUndefined();
    expect(unknown.branches[0]!.kindWord).toBe("destination");
  });
});

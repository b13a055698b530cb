// Drift of the example's checkout workflow against the lab's recordings: none when the system
// matches the config, and each kind when the config is made older than the system.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { readBundleFile } from "@/lib/sources/recording/file";
import { configDrift } from "./drift";
import { discoveryInputFromRecording } from "./from-recording";

const root = path.resolve(import.meta.dirname, "../..");
const example = loadConfigFile(path.join(root, "asyncscope.example.yaml"), {}).workflows[0]!;
const recorded = (name: string) =>
  discoveryInputFromRecording(readBundleFile(path.join(root, `demo/bundles/${name}.json.gz`)).workflows[0]!.signals);
const silentDrop = recorded("silent-drop");

describe("configDrift", () => {
  it("finds none when the config says what the system does", () => {
    expect(configDrift(example, silentDrop)).toEqual({ items: [], gaps: [], compared: "1000 traces of this flow" });
  });

  it("names a consumer, a span and a destination the config does not match", () => {
    const older = {
      ...example,
      // Written before inventory-service took over the queue and before stock.update existed,
      // and still naming a queue that nothing publishes to now.
      destinations: [
        ...example.destinations.map((d) =>
          d.ref.name === "order_confirmed.inventory" ? { ...d, consumers: [{ name: "legacy-stock" }] } : d,
        ),
        {
          ref: { key: "//orders.audit", name: "orders.audit", identity: { vhost: "/", queue: "orders.audit" } },
          consumers: [],
        },
      ],
      expectedSpans: example.expectedSpans.filter((s) => s.span !== "stock.update"),
    };
    expect(configDrift(older, silentDrop).items).toEqual([
      {
        kind: "new-consumer",
        subject: "order_confirmed.inventory",
        text: "inventory-service consumes order_confirmed.inventory, and the config does not declare it",
        evidence: ["processes order_confirmed.inventory in 1000 of 1000 traces", "attached now as inventory-service"],
      },
      {
        kind: "not-receiving",
        subject: "orders.audit",
        text: "orders.audit is declared, but no trace of this flow reaches it any more",
        evidence: ["none of the 1000 traces of the flow publishes to it or consumes from it"],
      },
      {
        kind: "new-span",
        subject: "inventory-service stock.update",
        text: 'inventory-service "stock.update" is now part of the flow, and expectedSpans does not list it',
        evidence: [
          "follows inventory-service process order_confirmed.inventory in 726 of the 1000 traces that have it",
        ],
      },
    ]);
  });

  it("compares consumers declared by identity with how the broker shows them, not with a bare name", () => {
    const byIdentity = {
      ...example,
      destinations: example.destinations.map((d) => ({
        ...d,
        consumers: [{ product: "amqplib", connectionName: `${d.ref.name.split(".").pop()}-serv*` }],
      })),
    };
    expect(configDrift(byIdentity, silentDrop)).toEqual({ items: [], gaps: [], compared: "1000 traces of this flow" });
    // The same declaration, with the broker not read: the traced services cannot be compared.
    const noBroker = {
      ...silentDrop,
      brokers: [{ broker: "rabbitmq", topology: { ok: false as const, reason: "RabbitMQ: HTTP 401" } }],
    };
    const report = configDrift(byIdentity, noBroker);
    expect(report.items).toEqual([]);
    expect(report.gaps).toContain(
      "inventory-service consumes order_confirmed.inventory in traces, but no consumer the broker shows now could be linked to it by name, so it cannot be compared with consumers declared by product, connectionName",
    );
  });

  it("reads entries of one topic or stream (one per group) as one: a consumer declared on either is declared", () => {
    const inventory = example.destinations.find((d) => d.ref.name === "order_confirmed.inventory")!;
    const twoGroups = {
      ...example,
      destinations: [
        ...example.destinations.map((d) => (d === inventory ? { ...d, consumers: [{ name: "stock-auditor" }] } : d)),
        { ...inventory, ref: { ...inventory.ref, key: `${inventory.ref.key}#2` } },
      ],
    };
    expect(configDrift(twoGroups, silentDrop).items).toEqual([]);
    // A name no trace reaches is said once, however many entries it has.
    const audit = { key: "//orders.audit", name: "orders.audit", identity: { vhost: "/", queue: "orders.audit" } };
    const twoAudits = {
      ...example,
      destinations: [
        ...example.destinations,
        { ref: audit, consumers: [] },
        { ref: { ...audit, key: `${audit.key}#2` }, consumers: [] },
      ],
    };
    expect(configDrift(twoAudits, silentDrop).items.filter((i) => i.kind === "not-receiving")).toHaveLength(1);
  });

  it("says why it cannot judge instead of answering no drift", () => {
    const noTraces = { ...silentDrop, traces: { ok: false as const, reason: "Jaeger: connection refused" } };
    expect(configDrift(example, noTraces)).toEqual({
      items: [],
      gaps: [],
      notJudged: "traces not read (Jaeger: connection refused)",
    });
    const otherProducer = { ...example, producer: { service: "billing", span: "publish invoices" } };
    expect(configDrift(otherProducer, silentDrop).notJudged).toBe(
      'none of the 1000 traces read has the producer\'s span (billing "publish invoices") publishing',
    );
    const { producer: _, ...noProducer } = example;
    expect(configDrift(noProducer, silentDrop).notJudged).toMatch(/declares no producer/);
  });

  it("judges on traces alone when the broker is not read, and says so", () => {
    const noBroker = {
      ...silentDrop,
      brokers: [{ broker: "rabbitmq", topology: { ok: false as const, reason: "RabbitMQ: HTTP 401" } }],
    };
    const report = configDrift(example, noBroker);
    expect(report.gaps).toEqual([
      "broker not read (RabbitMQ: HTTP 401): who is attached now is unknown, consumers come from traces alone",
    ]);
    expect(report.items).toEqual([]);
  });
});

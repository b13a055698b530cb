// The /discover page's data: proposals from the demo's recordings (the page of `npm run demo`),
// what it asks for when the config names no source, and the live group's sources as the page
// may show them (no literal credential reaches a page).
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfigText } from "@/lib/config/loader";
import { discoverPageData } from "@/lib/discovery/page-data";
import { discoveryInputFromRecording } from "@/lib/discovery/from-recording";
import { proposalsYaml } from "@/lib/discovery/yaml";
import { readBundleFile } from "@/lib/sources/recording/file";

const root = path.resolve(import.meta.dirname, "../../..");
const NOW = Date.parse("2026-12-01T12:00:00Z");

describe("discoverPageData", () => {
  it("in the demo, proposes the checkout workflow from each recording, on each broker", async () => {
    const configFile = path.join(root, "demo/asyncscope.demo.yaml");
    const data = await discoverPageData(loadConfigFile(configFile, {}), { configFile, nowMs: NOW, windowMs: 3600_000 });
    expect(data.needs).toEqual([]);
    expect(data.groups.map((g) => [g.label.split(" ")[0], g.result?.proposals.map((p) => p.id)])).toEqual([
      ["consumer-crashloop", ["checkout"]],
      ["silent-drop", ["checkout"]],
      ["stolen-messages", ["checkout"]],
      ["poison-messages", ["checkout"]],
      ["kafka-stall", ["kafka-stall-orders"]],
      ["kafka-undeclared-group", ["kafka-undeclared-group-orders"]],
      ["nats-poison-messages", ["orders-confirmed"]],
      // The eight groups reading one stream are one destination with its readers, as live.
      ["redis-stalled-consumer", ["checkout-order-confirmed"]],
    ]);
    // The second group reading the Kafka topic is seen (recorded beside the declared group). Its
    // traced consumer read every record of the recording, so discovery cannot tell it from a
    // member of the flow: it is proposed as a reader, which the user unticks.
    const kafkaTopic = data.groups[5]!.result!.proposals[0]!.destinations[0]!;
    expect(kafkaTopic.readers).toEqual(["kafka-undeclared-group-service", "kafka-undeclared-group-reporting"]);
    const stolen = data.groups[2]!.result!.proposals[0]!;
    expect(stolen.destinations.flatMap((d) => d.suspects.map((s) => s.label))).toEqual(["website-counter"]);
    // The YAML the page offers for it is a valid config.
    const text = proposalsYaml({
      proposals: [stolen],
      sources: data.groups[2]!.sources,
      origin: data.groups[2]!.origin,
    });
    expect(parseConfigText(text, "asyncscope.yaml", {}).workflows.map((w) => w.id)).toEqual(["checkout"]);
  });

  it("with no workflow and no source, says what it needs", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-discover-"));
    const configFile = path.join(dir, "asyncscope.yaml");
    writeFileSync(configFile, "version: 1\nsources: {}\nworkflows: []\n");
    const data = await discoverPageData(loadConfigFile(configFile, {}), { configFile, nowMs: NOW, windowMs: 3600_000 });
    expect(data.workflowsConfigured).toBe(0);
    expect(data.groups).toEqual([]);
    expect(data.needs.map((n) => n.split(":")[0])).toEqual([
      "sources.jaeger",
      "sources.rabbitmq or sources.redis-streams or sources.nats or sources.kafka",
      "sources.prometheus (optional)",
    ]);
  });

  it("reads the live sources once, and keeps only ${VAR} credentials in the sources it shows", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-discover-"));
    const configFile = path.join(dir, "asyncscope.yaml");
    writeFileSync(
      configFile,
      [
        "version: 1",
        "sources:",
        "  jaeger: { url: 'http://jaeger.test:16686' }",
        "  rabbitmq: { managementUrl: 'http://rabbit.test:15672', username: ops-reader, password: '${RABBIT_PW}' }",
        "workflows: []",
      ].join("\n"),
    );
    const config = loadConfigFile(configFile, { RABBIT_PW: "s3cret" });
    // The reader stands in for Jaeger and RabbitMQ (not running in unit tests); its input is
    // the stolen-messages recording, what those sources answered in the lab.
    const recorded = discoveryInputFromRecording(
      readBundleFile(path.join(root, "demo/bundles/stolen-messages.json.gz")).workflows[0]!.signals,
    );
    const calls: string[] = [];
    const data = await discoverPageData(config, {
      configFile,
      nowMs: NOW,
      windowMs: 3600_000,
      read: async (sources, opts) => {
        calls.push(`${sources.jaeger?.url} ${opts.windowMs}`);
        return {
          input: recorded,
          report: ["Jaeger http://jaeger.test:16686: 1000 traces of 3 services"],
          warnings: [],
        };
      },
    });
    expect(calls).toEqual(["http://jaeger.test:16686 3600000"]);
    expect(data.groups[0]!.label).toBe("the live sources");
    expect(data.groups[0]!.result!.proposals.map((p) => p.id)).toEqual(["checkout"]);
    expect(data.groups[0]!.sources).toEqual({
      asWritten: {
        jaeger: { url: "http://jaeger.test:16686" },
        rabbitmq: { managementUrl: "http://rabbit.test:15672", password: "${RABBIT_PW}" },
      },
    });
    expect(JSON.stringify(data)).not.toContain("s3cret");
    expect(JSON.stringify(data)).not.toContain("ops-reader");
  });

  it("drops URL user info and `:-default` literals of credential fields from the sources it shows and the YAML", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-discover-"));
    const configFile = path.join(dir, "asyncscope.yaml");
    writeFileSync(
      configFile,
      [
        "version: 1",
        "sources:",
        "  jaeger: { url: 'http://jaeger-reader:j4eger@jaeger.test:16686', bearerToken: '${JAEGER_TOKEN:-tok3n}' }",
        "  rabbitmq:",
        "    managementUrl: 'http://rabbit.test:15672'",
        "    username: '${RABBIT_USER:-ops-reader}'",
        "    password: '${RABBIT_PW:-s3cret}'",
        "workflows: []",
      ].join("\n"),
    );
    const config = loadConfigFile(configFile, {});
    const data = await discoverPageData(config, {
      configFile,
      nowMs: NOW,
      windowMs: 3600_000,
      // Reads nothing: this test is about the sources the page shows, not what they answer.
      read: async () => ({
        input: {
          nowMs: NOW,
          brokers: [{ broker: "rabbitmq", topology: { ok: false, reason: "not read" } }],
          traces: { ok: false, reason: "not read" },
          metrics: { ok: false, reason: "not read" },
        },
        report: [],
        warnings: [],
      }),
    });
    const live = data.groups[0]!;
    expect(live.sources).toEqual({
      asWritten: {
        jaeger: { url: "http://jaeger.test:16686", bearerToken: "${JAEGER_TOKEN}" },
        rabbitmq: { managementUrl: "http://rabbit.test:15672", username: "${RABBIT_USER}", password: "${RABBIT_PW}" },
      },
    });
    const yaml = proposalsYaml({ proposals: [], sources: live.sources, origin: live.origin });
    for (const secret of ["jaeger-reader", "j4eger", "tok3n", "ops-reader", "s3cret"]) {
      expect(JSON.stringify(data)).not.toContain(secret);
      expect(yaml).not.toContain(secret);
    }
  });
});

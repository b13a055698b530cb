// A workflow page's drift as GET /api/workflows/{id}/drift gives it: from the workflow's
// recording in the demo, and from live sources read for this flow alone, where a source that
// does not answer makes drift "not judged" with the reason, never "no drift".
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, parseConfigText } from "@/lib/config/loader";
import { workflowDrift } from "@/lib/discovery/workflow-drift";

const root = path.resolve(import.meta.dirname, "../../..");
const NOW = Date.parse("2026-12-01T12:00:00Z");

// A stand-in Jaeger (no Jaeger runs in unit tests): a real HTTP server speaking the v1 API that
// knows two services and has no trace, recording which services were searched.
const searched: string[] = [];
const jaeger = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === "/api/services") return json(200, { data: ["order-service", "website-counter"], errors: null });
  if (url.pathname === "/api/traces") {
    searched.push(url.searchParams.get("service") ?? "");
    return json(200, { data: [], errors: null });
  }
  json(404, {});
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => jaeger.listen(0, "127.0.0.1", resolve));
  port = (jaeger.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => jaeger.close(() => resolve())));

const workflowYaml = `
workflows:
  - id: checkout
    name: Checkout
    producer: { service: order-service, span: publish orders, kind: producer }
    destinations:
      - { queue: order_confirmed.notification, consumers: [notification-service] }
    expectedSpans: [{ service: order-service, span: publish orders, kind: producer }]
`;

describe("workflowDrift", () => {
  it("in the demo, finds none between each workflow and its recording", async () => {
    const config = loadConfigFile(path.join(root, "demo/asyncscope.demo.yaml"), {});
    const stolen = config.workflows.find((wf) => wf.replay?.bundle.endsWith("stolen-messages.json.gz"))!;
    expect(await workflowDrift(config, stolen, { nowMs: NOW })).toEqual({
      workflowId: stolen.id,
      from: "the recording stolen-messages.json.gz",
      items: [],
      gaps: [],
      compared: "1000 traces of this flow",
    });
  });

  it("in the demo, finds none on each broker's recording but the undeclared group it was recorded for", async () => {
    // Each broker's recording read the way its live topology is (BrokerAdapter.topologyPlace): a
    // JetStream consumer is one reader of its stream, a Redis consumer "invoicing-1" is the
    // service whose spans name its group. Drift once said the NATS streams received nothing and
    // the Redis consumers were undeclared.
    const config = loadConfigFile(path.join(root, "demo/asyncscope.demo.yaml"), {});
    const judged = config.workflows.filter((wf) => wf.broker !== "rabbitmq");
    expect(judged.map((wf) => wf.broker).sort()).toEqual(["kafka", "kafka", "nats", "redis-streams"]);
    for (const workflow of judged) {
      const drift = await workflowDrift(config, workflow, { nowMs: NOW });
      expect(drift.gaps, workflow.id).toEqual([]);
      expect(drift.notJudged, workflow.id).toBeUndefined();
      const items = drift.items.map((i) => `${i.kind} ${i.subject}`);
      if (workflow.id === "checkout-kafka-undeclared-group") {
        expect(items).toContain("new-consumer kafka-undeclared-group.orders");
        expect(drift.items.every((i) => i.text.startsWith("kafka-undeclared-group-reporting"))).toBe(true);
      } else {
        expect(items, workflow.id).toEqual([]);
      }
    }
  });

  it("reads only the producer's service's traces, and says when no trace has the producer", async () => {
    const config = parseConfigText(
      // The broker at a closed port: its gap is said, drift is judged on the traces.
      `version: 1\nsources:\n  jaeger: { url: "http://127.0.0.1:${port}" }\n  rabbitmq: { managementUrl: "http://127.0.0.1:9", timeoutMs: 2000 }\n${workflowYaml}`,
      "asyncscope.yaml",
      {},
    );
    const drift = await workflowDrift(config, config.workflows[0]!, { nowMs: Date.now() });
    expect(searched).toEqual(["order-service"]);
    expect(drift.from).toBe("the live sources, traces of the last 60 minutes");
    expect(drift.items).toEqual([]);
    expect(drift.notJudged).toBe(
      'none of the 0 traces read has the producer\'s span (order-service "publish orders") publishing',
    );
    expect(drift.gaps).toHaveLength(1);
    expect(drift.gaps[0]).toMatch(/^broker not read \(.*\): who is attached now is unknown/);
  });

  it("reads the workflow's own broker only, never another configured one", async () => {
    const config = parseConfigText(
      `version: 1\nsources:\n  jaeger: { url: "http://127.0.0.1:${port}" }\n  rabbitmq: { managementUrl: "http://127.0.0.1:9" }\n  redis-streams: { url: "redis://127.0.0.1:9" }\n${workflowYaml}`,
      "asyncscope.yaml",
      {},
    );
    const asked: string[] = [];
    await workflowDrift(config, config.workflows[0]!, {
      nowMs: NOW,
      read: async (sources) => {
        asked.push(...Object.entries(sources).flatMap(([name, value]) => (value === undefined ? [] : [name])));
        return {
          input: {
            nowMs: NOW,
            brokers: [],
            traces: { ok: false, reason: "not read here" },
            metrics: { ok: false, reason: "not read here" },
          },
          report: [],
          warnings: [],
        };
      },
    });
    expect(asked.sort()).toEqual(["jaeger", "rabbitmq"]);
  });

  it("is not judged, with the reason, when the traces cannot be read", async () => {
    const config = parseConfigText(
      `version: 1\nsources:\n  jaeger: { url: "http://127.0.0.1:9", timeoutMs: 2000 }\n${workflowYaml}`,
      "asyncscope.yaml",
      {},
    );
    const drift = await workflowDrift(config, config.workflows[0]!, { nowMs: Date.now() });
    expect(drift.items).toEqual([]);
    expect(drift.notJudged).toMatch(/^traces not read \(.*127\.0\.0\.1:9.*\)$/);
  });
});

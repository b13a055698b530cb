// The flow strip of each demo recording (demo/bundles/, captured on the lab under a fault) and of
// the healthy lab capture: the edge where messages stop is the broken one, in words, and a
// consumer the workflow does not declare is marked.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { analyse, evaluate } from "@/lib/evaluate";
import { labCapture } from "@/tests/fixtures/analysis/read";
import { numberRow } from "./number-row";
import { branchText, flowStrip, type FlowBranch, type FlowStrip } from "./flow-strip";

const demo = loadConfigFile(path.resolve(import.meta.dirname, "../../demo/asyncscope.demo.yaml"), {});
const workflow = (id: string) => demo.workflows.find((w) => w.id === id)!;

/** The strip as the demo's workflow page draws it: the recording analysed by today's code. */
async function replayed(id: string): Promise<FlowStrip> {
  const { signals, analysis } = await evaluate(workflow(id), { fromMs: 0, toMs: 1 }, { config: demo });
  return flowStrip(workflow(id), signals.window, analysis, numberRow(workflow(id), signals, analysis), signals.traces);
}

const branch = (strip: FlowStrip, name: string): FlowBranch => strip.branches.find((b) => b.name === name)!;
const figure = (b: FlowBranch, label: string) => b.out.figures.find((f) => f.label === label)?.text;
const broken = (strip: FlowStrip) =>
  strip.branches.flatMap((b) => [
    ...(b.into.status === "critical" ? [`${b.name} in`] : []),
    ...(b.out.status === "critical" ? [`${b.name} out`] : []),
    ...(b.deadLetter?.edge.status === "critical" ? [`${b.name} dead letters`] : []),
  ]);

describe("flow strip of the demo recordings", () => {
  it("consumer crash loop: the notification queue → consumer edge is broken, and says why", async () => {
    const strip = await replayed("checkout-crashloop");
    expect(strip.producer).toEqual({ name: "order-service" });
    // The exchange, named by the producer's spans, in RabbitMQ's word.
    expect(strip.entry).toMatchObject({ word: "exchange", name: "orders" });
    expect(broken(strip)).toEqual(["order_confirmed.notification out"]);
    const notification = branch(strip, "order_confirmed.notification");
    expect(notification.out.statusText).toMatch(/^broken: .*Consumers alive/);
    expect(figure(notification, "consumers")).toBe("0/1");
    expect(figure(notification, "waiting")).toBe("951");
    expect(notification.into.figures[0]!.text).toMatch(/^\d+\.\d\/s avg$/);
    expect(branchText(notification)).toMatch(/^Queue order_confirmed\.notification → notification-service: broken: /);
    // The retry queue is consumed by nobody: it returns its messages after its TTL.
    expect(branch(strip, "order_confirmation_retry").returnsTo).toBe("order_confirmed.notification");
    expect(branch(strip, "order_confirmation_retry").consumers).toEqual([]);
  });

  it("stolen messages: website-counter is marked undeclared on the inventory queue", async () => {
    const strip = await replayed("checkout-stolen-messages");
    const inventory = branch(strip, "order_confirmed.inventory");
    expect(inventory.consumers).toEqual([
      { name: "inventory-service", undeclared: false },
      { name: "website-counter", undeclared: true },
    ]);
    expect(inventory.out.statusText).toMatch(/Unexpected consumers/);
    expect(branchText(inventory)).toContain("website-counter (undeclared)");
    expect(branch(strip, "order_confirmed.notification").consumers.every((c) => !c.undeclared)).toBe(true);
  });

  it("poison messages: the dead-letter edges carry the DLQ depth and are not ok", async () => {
    const strip = await replayed("checkout-dlq-growth");
    const notification = branch(strip, "order_confirmed.notification");
    expect(notification.deadLetter?.names).toEqual(["order_confirmed.notification.dlq"]);
    expect(notification.deadLetter?.edge.status).not.toBe("ok");
    expect(Number(notification.deadLetter?.edge.figures[0]?.text.replace(/,/g, ""))).toBeGreaterThan(0);
  });
});

describe("flow strip of the healthy lab capture", () => {
  it("nothing is broken or at risk, and every figure was read", () => {
    const config = loadConfigFile(path.resolve(import.meta.dirname, "../../asyncscope.example.yaml"), {});
    const wf = config.workflows[0]!;
    const signals = labCapture("healthy", wf);
    const health = analyse(wf, signals);
    const strip = flowStrip(wf, signals.window, health, numberRow(wf, signals, health), signals.traces);
    expect(strip.branches.length).toBeGreaterThan(0);
    for (const b of strip.branches) {
      // Nobody counts what is published into a delay queue: that edge is a gap, so not ok.
      if (b.returnsTo) expect(b.into).toMatchObject({ status: "unknown", statusText: "not judged" });
      for (const e of [...(b.returnsTo ? [] : [b.into]), b.out, ...(b.deadLetter ? [b.deadLetter.edge] : [])]) {
        expect(e.status, `${b.name}: ${e.statusText}`).toBe("ok");
        expect(e.statusText).toBe("ok");
      }
      if (!b.returnsTo)
        for (const f of [...b.into.figures, ...b.out.figures]) expect(f.gap, `${b.name} ${f.label}`).toBeUndefined();
      expect(b.consumers.some((c) => c.undeclared)).toBe(false);
    }
  });
});

describe("flow strip without data", () => {
  it("a broker that did not answer leaves the consumers unknown with the reason, not 'none undeclared'", async () => {
    const { signals, analysis } = await evaluate(
      workflow("checkout-stolen-messages"),
      { fromMs: 0, toMs: 1 },
      { config: demo },
    );
    const failed = { ...signals, state: { ok: false as const, source: "rabbitmq", reason: "connection refused" } };
    const wf = workflow("checkout-stolen-messages");
    const strip = flowStrip(wf, signals.window, analysis, numberRow(wf, failed, analysis), signals.traces);
    const inventory = branch(strip, "order_confirmed.inventory");
    expect(inventory.consumersUnknown).toBe("connection refused");
    expect(inventory.consumers).toEqual([{ name: "inventory-service", undeclared: false }]);
  });

  it("with every source down no edge says ok: unjudged edges and unread rates are unknown", async () => {
    const wf = workflow("checkout-stolen-messages");
    const { signals } = await evaluate(wf, { fromMs: 0, toMs: 1 }, { config: demo });
    const down = (source: string) => ({ ok: false as const, source, reason: "connection refused" });
    const failed = {
      ...signals,
      state: down("rabbitmq"),
      history: { ...signals.history, signals: {}, drops: down("prometheus") },
      traces: down("jaeger"),
    };
    const health = analyse(wf, failed);
    const strip = flowStrip(wf, failed.window, health, numberRow(wf, failed, health), failed.traces);
    expect(strip.branches.length).toBeGreaterThan(0);
    for (const b of strip.branches)
      for (const e of [b.into, b.out, ...(b.deadLetter ? [b.deadLetter.edge] : [])]) {
        expect(e.status, `${b.name}: ${e.statusText}`).not.toBe("ok");
        expect(e.statusText).not.toBe("ok");
      }
    // No check judged anything (none ran): every edge is "not judged", never ok.
    const unjudged = flowStrip(wf, failed.window, { checks: [] }, numberRow(wf, failed, health), failed.traces);
    for (const b of unjudged.branches)
      for (const e of [b.into, b.out, ...(b.deadLetter ? [b.deadLetter.edge] : [])])
        expect(e, b.name).toMatchObject({ status: "unknown", statusText: "not judged" });
  });

  it("without traces the exchange is named as unknown, never guessed", async () => {
    const { signals, analysis } = await evaluate(
      workflow("checkout-crashloop"),
      { fromMs: 0, toMs: 1 },
      { config: demo },
    );
    const wf = workflow("checkout-crashloop");
    const strip = flowStrip(wf, signals.window, analysis, numberRow(wf, signals, analysis), {
      ok: false,
      source: "jaeger",
      reason: "timeout",
    });
    expect(strip.entry).toMatchObject({ word: "exchange", name: "no data" });
  });
});

// The trace groups on the demo's recordings (demo/bundles/, replayed through the demo config as
// `npm run demo` does): each recording's identical traces read as one group with a count, and
// the counts add up to what the completeness table judged.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { evaluate } from "@/lib/evaluate";
import { presentHealth } from "@/lib/view/health";
import { buildViewModel } from "@/lib/view/workflow-view";
import type { TracesData } from "@/lib/view/view-model";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../../demo/asyncscope.demo.yaml"), {});

async function traces(id: string): Promise<TracesData> {
  const workflow = config.workflows.find((w) => w.id === id)!;
  const evaluation = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
  const panel = buildViewModel(workflow, evaluation.signals, presentHealth(evaluation, config), config).traces;
  if (!panel.ok) throw new Error(`${id}: traces panel unavailable: ${panel.reason}`);
  return panel.data;
}

// The pattern each recording's fault leaves in its traces (the rest of its traces are complete);
// null for a fault the traces do not show (an undeclared group reads copies of the records).
const fault: Record<string, { missing: string[]; findings: string[] } | null> = {
  "checkout-crashloop": {
    missing: ["notification-service/process order_confirmed.notification"],
    findings: ["publish to order_confirmed.notification never consumed"],
  },
  "checkout-silent-drop": {
    missing: ["inventory-service/stock.update"],
    findings: ["inventory-service/process order_confirmed.inventory ended without inventory-service/stock.update"],
  },
  "checkout-stolen-messages": {
    missing: ["inventory-service/process order_confirmed.inventory", "inventory-service/stock.update"],
    findings: ["publish to order_confirmed.inventory never consumed"],
  },
  "checkout-dlq-growth": { missing: ["inventory-service/stock.update"], findings: [] },
  "checkout-kafka-stall": {
    missing: ["kafka-stall-service/process kafka-stall.orders", "kafka-stall-service/stock.update"],
    findings: ["publish to kafka-stall.orders never consumed"],
  },
  "checkout-kafka-undeclared-group": null,
  "checkout-nats-poison": { missing: ["nats-fulfilment-service/receipts.handle"], findings: [] },
  "checkout-redis-stalled": {
    missing: ["redis-fulfilment-service/process shipping", "redis-fulfilment-service/shipping.handle"],
    findings: ["publish to redis-fulfilment-service/process shipping never consumed"],
  },
};

describe("trace groups on the demo recordings", () => {
  for (const workflow of config.workflows) {
    it(`${workflow.id}: its fault's traces are one group with a count, and every judged trace is counted once`, async () => {
      const data = await traces(workflow.id);
      const want = fault[workflow.id];
      expect(want, `${workflow.id}: no expectation written`).toBeDefined();
      if (want === null) {
        expect(data.groups.map((g) => [g.status, g.count])).toEqual([["complete", data.judged]]);
        return;
      }
      const first = data.groups[0]!;
      expect(first.status).toBe("incomplete");
      expect({ missing: first.missing, findings: first.findings }).toEqual(want);
      expect(data.groups.filter((g) => g.status === "incomplete")).toHaveLength(1);
      // The group's count is the completeness table's incomplete traces (computed apart).
      const row = data.completeness[0]!;
      expect(data.completeness).toHaveLength(1);
      expect(first.count).toBe(row.traces - row.complete);
      expect(data.groups.reduce((n, g) => n + g.count, 0)).toBe(data.judged);
      expect(data.groups.filter((g) => g.status !== "complete").reduce((n, g) => n + g.count, 0)).toBe(
        data.incompleteTotal,
      );
      expect(data.groupsTotal).toBe(data.groups.length);
      // Examples: the newest members, each listed with its spans for the waterfall, once.
      const byId = new Map(data.list.map((t) => [t.traceId, t]));
      expect(data.list).toHaveLength(new Set(data.list.map((t) => t.traceId)).size);
      for (const g of data.groups) {
        expect(g.examples.length).toBe(Math.min(g.count, 5));
        const starts = g.examples.map((id) => byId.get(id)!.startMs);
        expect(starts).toEqual([...starts].sort((a, b) => b - a));
        expect(starts[0]).toBe(g.lastMs);
        for (const id of g.examples) expect(byId.get(id)!.missing).toEqual(g.missing);
      }
    });
  }

  it("the silent-drop recording's 236 traces missing stock.update are one group, not 15 identical rows", async () => {
    const data = await traces("checkout-silent-drop");
    expect(data.groups.map((g) => [g.status, g.count])).toEqual([
      ["incomplete", 236],
      ["complete", 614],
    ]);
  });

  it("a trace asked for by the URL is listed in its group even when it is not among the newest", async () => {
    const workflow = config.workflows.find((w) => w.id === "checkout-silent-drop")!;
    const evaluation = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
    const { signals } = evaluation;
    const health = presentHealth(evaluation, config);
    const plain = buildViewModel(workflow, signals, health, config).traces;
    if (!plain.ok) throw new Error("traces panel unavailable");
    // An old complete trace: not among the 5 newest complete ones.
    const old = signals.traces.ok
      ? signals.traces.value.traces.find(
          (t) => !plain.data.list.some((i) => i.traceId === t.traceId) && t.spans.length === 6,
        )!
      : undefined;
    expect(old).toBeDefined();
    const pinned = buildViewModel(workflow, signals, health, config, { trace: old!.traceId }).traces;
    if (!pinned.ok) throw new Error("traces panel unavailable");
    const group = pinned.data.groups.find((g) => g.examples.includes(old!.traceId))!;
    expect(group.status).toBe("complete");
    expect(group.examples[0]).toBe(old!.traceId);
    expect(pinned.data.list.some((i) => i.traceId === old!.traceId)).toBe(true);
  });
});

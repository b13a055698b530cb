import { describe, expect, it } from "vitest";
import { analyseWorkflow } from "@/lib/analysis/analyse";
import { healthySignals, makeWorkflow, T0 } from "@/lib/analysis/testing";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { Evaluation } from "./index";
import { LatestEvaluations } from "./latest";

const SPAN = 15 * 60_000;

function evaluationOf(workflow: WorkflowConfig): Evaluation {
  const signals = healthySignals();
  return { workflow, signals, analysis: analyseWorkflow(workflow, signals) };
}

describe("LatestEvaluations", () => {
  it("keeps the newest default-length evaluation of each workflow", () => {
    const store = new LatestEvaluations(SPAN);
    const workflow = makeWorkflow();
    const first = evaluationOf(workflow);
    const second = evaluationOf(workflow);
    store.offer(first, { fromMs: T0 - SPAN, toMs: T0 });
    expect(store.of(workflow)?.evaluation).toBe(first);
    store.offer(second, { fromMs: T0 + 5_000 - SPAN, toMs: T0 + 5_000 });
    expect(store.of(workflow)?.evaluation).toBe(second);
    // One that settles late, of an earlier window, does not replace a newer one.
    store.offer(first, { fromMs: T0 - SPAN, toMs: T0 });
    expect(store.of(workflow)?.window.toMs).toBe(T0 + 5_000);
  });

  it("ignores other window lengths (a page's 1-hour view is not the overview's 15 minutes)", () => {
    const store = new LatestEvaluations(SPAN);
    const workflow = makeWorkflow();
    store.offer(evaluationOf(workflow), { fromMs: T0 - 60 * 60_000, toMs: T0 });
    expect(store.of(workflow)).toBeUndefined();
  });

  it("answers for an equal declaration from another copy of the config (the sweep's bundle)", () => {
    const store = new LatestEvaluations(SPAN);
    const fromSweep = makeWorkflow();
    store.offer(evaluationOf(fromSweep), { fromMs: T0 - SPAN, toMs: T0 });
    const fromPages = structuredClone(fromSweep);
    expect(fromPages).not.toBe(fromSweep);
    expect(store.of(fromPages)?.window.toMs).toBe(T0);
  });

  it("answers nothing for a declaration the evaluation was not made from (the config was edited)", () => {
    const store = new LatestEvaluations(SPAN);
    const before = makeWorkflow();
    store.offer(evaluationOf(before), { fromMs: T0 - SPAN, toMs: T0 });
    const after = makeWorkflow({ name: "edited" });
    expect(after.id).toBe(before.id);
    expect(store.of(after)).toBeUndefined();
  });

  it("keeps at most maxWorkflows, letting the least recently updated go", () => {
    const store = new LatestEvaluations(SPAN, 2);
    const [a, b, c] = ["a", "b", "c"].map((id) => makeWorkflow({ id }));
    const window = { fromMs: T0 - SPAN, toMs: T0 };
    store.offer(evaluationOf(a!), window);
    store.offer(evaluationOf(b!), window);
    store.offer(evaluationOf(a!), { fromMs: T0 + 5_000 - SPAN, toMs: T0 + 5_000 });
    store.offer(evaluationOf(c!), window);
    expect(store.of(b!)).toBeUndefined();
    expect(store.of(a!)).toBeDefined();
    expect(store.of(c!)).toBeDefined();
  });
});

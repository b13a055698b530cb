// asyncscope_evaluations_total counts how workflow evaluations were served: how many runs read
// the sources (evaluated) and how many callers got a run of the same window (shared). docs/scale.md
// reads it to tell the viewers' evaluations apart from the upstream requests each one makes.
// The process's shared store and config, as the server has them; the sources are one loopback
// server answering 404, so each run is quick and reads nothing.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { exampleWithSourcesAt } from "@/tests/support/example-checkout";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";

let upstream: Loopback;

beforeAll(async () => {
  upstream = await loopback((_req, res) => sendJson(res, 404, { error: "not here" }));
  const example = exampleWithSourcesAt(upstream.url);
  delete example.sources.logs;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "asyncscope-evaluations-")), "asyncscope.yaml");
  writeFileSync(file, stringify(example));
  // The process config is read once, on first use: point it at the file before anything loads it.
  process.env.ASYNCSCOPE_CONFIG = file;
});

afterAll(async () => {
  await upstream.close();
});

type Served = Record<"evaluated" | "shared" | "reused", number>;

async function served(): Promise<Served> {
  const { seriesOf, workflowEvaluations } = await import("@/lib/telemetry/metrics");
  const counts: Served = { evaluated: 0, shared: 0, reused: 0 };
  for (const series of await seriesOf(workflowEvaluations)) counts[series.labels.served as keyof Served] = series.value;
  return counts;
}

describe("asyncscope_evaluations_total", () => {
  it("counts one evaluated run per window, and every other caller of it as shared", async () => {
    const { evaluateShared, requireWorkflow } = await import("./index");
    const workflow = requireWorkflow("checkout");
    const toMs = Date.UTC(2026, 11, 3, 18, 0, 0);
    const window = { fromMs: toMs - 15 * 60_000, toMs };
    const before = await served();

    // Three callers of one window while it is in flight, then one after it settled (kept for 5 s).
    const inFlight = [
      evaluateShared(workflow, window),
      evaluateShared(workflow, window),
      evaluateShared(workflow, window),
    ];
    await Promise.all(inFlight);
    await evaluateShared(workflow, window);
    // Another window is another run.
    await evaluateShared(workflow, { fromMs: window.fromMs - 5_000, toMs: window.toMs - 5_000 });

    const after = await served();
    expect(after.evaluated - before.evaluated).toBe(2);
    expect(after.shared - before.shared).toBe(3);
    expect(after.reused - before.reused).toBe(0);
  });

  it("is served at GET /api/metrics with its served label", async () => {
    const { evaluateShared, requireWorkflow } = await import("./index");
    const toMs = Date.UTC(2026, 11, 3, 18, 5, 0);
    const window = { fromMs: toMs - 15 * 60_000, toMs };
    await Promise.all([
      evaluateShared(requireWorkflow("checkout"), window),
      evaluateShared(requireWorkflow("checkout"), window),
    ]);
    const { GET } = await import("@/app/api/metrics/route");
    const text = await (await GET()).text();
    expect(text).toMatch(/^asyncscope_evaluations_total\{served="evaluated"\} [1-9]/m);
    expect(text).toMatch(/^asyncscope_evaluations_total\{served="shared"\} [1-9]/m);
  });
});

// A poll answered after the slot it was sent for has passed (lib/view/poll-moment.ts): it joins
// that slot's run when there is one, and otherwise evaluates the server's now, never a moment
// already past. The sources here fail, so no evaluation is clean enough to reuse (the reuse rule
// with a later window is in reuse.test.ts).
describe("a late poll (latePollView)", () => {
  const SPAN = 15 * 60_000;
  const slotEnd = Date.UTC(2026, 11, 3, 18, 10, 0);
  const slot = { fromMs: slotEnd - SPAN, toMs: slotEnd };
  const now = { fromMs: slot.fromMs + 5_000, toMs: slotEnd + 5_000 };

  it("joins its slot's run in flight instead of starting one", async () => {
    const { evaluateShared, requireWorkflow } = await import("./index");
    const { latePollView } = await import("@/lib/view/workflow-view");
    const before = await served();
    const underWay = evaluateShared(requireWorkflow("checkout"), slot);
    const view = await latePollView("checkout", slot, now);
    await underWay;
    expect(view.window).toEqual(slot);
    const after = await served();
    expect(after.evaluated - before.evaluated).toBe(1);
    expect(after.shared - before.shared).toBe(1);
  });

  it("evaluates the server's now when its slot has no run, not the moment already past", async () => {
    const { latePollView } = await import("@/lib/view/workflow-view");
    const past = { fromMs: slot.fromMs - 60_000, toMs: slot.toMs - 60_000 };
    const before = await served();
    const view = await latePollView("checkout", past, now);
    expect(view.window).toEqual(now);
    expect((await served()).evaluated - before.evaluated).toBe(1);
  });
});

// The data API's wiring of `at` (app/api/workflows/[id]/view/route.ts).
describe("GET /api/workflows/{id}/view with at", () => {
  async function view(query: string): Promise<{ window: { fromMs: number; toMs: number } }> {
    const { NextRequest } = await import("next/server");
    const { GET } = await import("@/app/api/workflows/[id]/view/route");
    const request = new NextRequest(`http://127.0.0.1/api/workflows/checkout/view?${query}`);
    const response = await GET(request, { params: Promise.resolve({ id: "checkout" }) });
    expect(response.status).toBe(200);
    return (await response.json()) as { window: { fromMs: number; toMs: number } };
  }
  const aligned = (ms: number) => Math.floor(ms / 5_000) * 5_000;

  it("answers a late poll whose slot has no run for the server's now, with one evaluation", async () => {
    const before = await served();
    const t0 = Date.now();
    const body = await view(`range=15m&at=${t0 - 7_000}`);
    const t1 = Date.now();
    expect([aligned(t0), aligned(t1)]).toContain(body.window.toMs);
    expect(body.window.toMs - body.window.fromMs).toBe(15 * 60_000);
    expect((await served()).evaluated - before.evaluated).toBe(1);
  });

  it("ends a from-only window at the server's now, whatever at says", async () => {
    const t0 = Date.now();
    const from = new Date(aligned(t0) - 10 * 60_000).toISOString();
    const body = await view(`from=${from}&at=${t0 - 7_000}`);
    expect([aligned(t0), aligned(Date.now())]).toContain(body.window.toMs);
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBundleFile } from "@/lib/sources/recording/file";
import type { PanelData } from "./view-model";
import { backlog } from "@/lib/analysis/broker-checks";
import { destinationViews } from "@/lib/analysis/destination-view";
import { healthySignals, makeWorkflow, MIN, Q, setSeries, setState } from "@/lib/analysis/testing";
import { drainLine, metricPanels, onGrid, sinceEmpty, stepGrid } from "./chart-data";
import { completenessTrend } from "./trace-data";
import type { TraceFacts } from "@/lib/analysis/trace-facts";

const workflow = makeWorkflow();

describe("stepGrid / onGrid", () => {
  it("anchors the grid on a real sample and leaves missing scrapes null, never zero", () => {
    const grid = stepGrid(10_500, 0, 40_000, 10_000);
    expect(grid).toEqual([500, 10_500, 20_500, 30_500]);
    //  t:     500   10500   20500   30500
    //  value:  1      -       3       -      (two scrapes missed)
    expect(
      onGrid(
        [
          { tsMs: 500, value: 1 },
          { tsMs: 20_500, value: 3 },
        ],
        grid,
      ),
    ).toEqual([
      [500, 1],
      [10_500, null],
      [20_500, 3],
      [30_500, null],
    ]);
  });

  it("scales (increase per step → per second) and drops NaN", () => {
    expect(
      onGrid(
        [
          { tsMs: 0, value: 30 },
          { tsMs: 10, value: Number.NaN },
        ],
        [0, 10],
        1 / 10,
      ),
    ).toEqual([
      [0, 3],
      [10, null],
    ]);
  });
});

describe("sinceEmpty", () => {
  it("counts seconds since the queue was last empty, unknown before the first empty sample", () => {
    expect(
      sinceEmpty([
        [0, 5],
        [1000, 0],
        [2000, 3],
        [3000, null],
        [4000, 7],
      ]),
    ).toEqual([
      [0, null],
      [1000, 0],
      [2000, 1],
      [3000, null],
      [4000, 3],
    ]);
  });
});

describe("time to drain", () => {
  it("the chart's line ends on the backlog check's number: one computation, one span", () => {
    // inventory drains: 300 waiting two minutes ago, falling; 100 acked and 75 published per 15 s.
    const signals = healthySignals();
    setSeries(signals, "waiting", Q.inventory, (ago) =>
      ago > 2 * MIN ? 300 : Math.round((ago / (2 * MIN)) * 300) + 1,
    );
    setSeries(signals, "acked", Q.inventory, () => 100);
    setState(signals, Q.inventory, { waitingN: 1, consumerNames: ["inventory-service"] });
    const end = signals.window.toMs;
    const ctx = { workflow, signals, atMs: end, fromMs: signals.window.fromMs, historical: false };
    const check = backlog(ctx);
    const fromCheck = check.evidence.items.find((i) => i.subject === Q.inventory)!.values.timeToDrainSeconds;
    const view = destinationViews({ ...ctx, fromMs: signals.history.fromMs }).find((v) => v.ref.name === Q.inventory)!;
    const line = drainLine(view, [end - 15_000, end]);
    // The check judges the broker's current reading (1 waiting), the line the last sample (1 waiting).
    expect(Math.round(line.at(-1)![1]!)).toBe(fromCheck);
    // 25 net per 15 s step: 1.667/s.
    expect(line.at(-1)![1]!).toBeCloseTo(1 / (25 / 15), 5);
    // While publishes outpace acks there is no drain time, on the line as in the check.
    setSeries(signals, "acked", Q.inventory, () => 50);
    expect(drainLine(view, [end]).at(-1)![1]).not.toBeNull(); // the view read the points before the change
    const slower = destinationViews({ ...ctx, fromMs: signals.history.fromMs }).find(
      (v) => v.ref.name === Q.inventory,
    )!;
    expect(drainLine(slower, [end])).toEqual([[end, null]]);
    expect(backlog(ctx).evidence.items.find((i) => i.subject === Q.inventory)!.values.timeToDrainSeconds).toBeNull();
  });
});

describe("completenessTrend", () => {
  const fact = (startMs: number, complete: boolean, judged = true): TraceFacts => ({
    traceId: String(startMs),
    rootType: "r",
    startMs,
    judged,
    missing: complete ? [] : ["x/y"],
    orphans: [],
    drops: [],
    skew: [],
    consumersJudged: 0,
  });
  it("shares per bucket with the sample size; an empty bucket is null, unjudged traces are left out", () => {
    const trend = completenessTrend([fact(5, true), fact(6, false), fact(15, true), fact(16, true, false)], 0, 20, 2);
    expect(trend).toEqual([
      { tsMs: 5, share: 0.5, n: 2 },
      { tsMs: 15, share: 1, n: 1 },
    ]);
    expect(completenessTrend([], 0, 20, 2).map((b) => b.share)).toEqual([null, null]);
  });
});

describe("metric panels of the demo recordings (recorded from the lab)", () => {
  const recording = (name: string) => {
    const entry = readBundleFile(path.resolve(import.meta.dirname, `../../demo/bundles/${name}.json.gz`)).workflows[0]!;
    return metricPanels(entry.config, entry.signals, entry.health);
  };
  const crashloop = recording("consumer-crashloop");
  const ok = <T>(p: PanelData<T>): T => {
    if (!p.ok) throw new Error(`panel failed: ${p.reason}`);
    return p.data;
  };
  const NOTIFICATION = "//order_confirmed.notification";

  it("crash-loop: the ack line drops within a step of the consumer loss, which is marked on the time axis", () => {
    // Recorded with rates over a range of at most two steps (12 s at 10-s steps): the consumer
    // count is 0 from 10:56:30, and the ack line is 0 from the next point, while depth climbs.
    // The chart says how rates are taken, not a lag, and the mark puts the check's change
    // beside the lines.
    const throughput = ok(crashloop.charts.throughput);
    expect(throughput.caption).toBe("Rates are averages over the last 12s at each point (10 s steps).");
    const acks = throughput.lines.find((l) => l.key === `acked:${NOTIFICATION}`)!;
    const at = (h: number, m: number, s: number) => acks.points.find(([t]) => t === Date.UTC(2026, 11, 2, h, m, s))![1];
    expect(at(10, 56, 20)).toBeGreaterThan(4.5);
    expect(at(10, 56, 40)).toBe(0);
    expect(crashloop.chartMarks[0]).toMatchObject({
      text: expect.stringMatching(/^Consumers alive: ok → critical/),
      status: "critical",
    });
    expect(new Date(crashloop.chartMarks[0]!.atMs).toISOString()).toMatch(/^2026-12-02T10:56:4/);
  });

  it("crash-loop: the two queues' identical publish lines are both kept visible and labelled", () => {
    const lines = ok(crashloop.charts.throughput).lines;
    const notification = lines.find((l) => l.key === `published:${NOTIFICATION}`)!;
    const inventory = lines.find((l) => l.key === "published://order_confirmed.inventory")!;
    expect(inventory.points.map(([, v]) => v)).toEqual(notification.points.map(([, v]) => v));
    expect(inventory.coincides).toEqual({ label: "order_confirmed.notification publish/s", share: 1 });
    expect(notification.under).toBeGreaterThanOrEqual(1);
  });

  it("poison messages: the two dead-letter queues' series are both kept visible and labelled", () => {
    const lines = ok(recording("poison-messages").charts.dlq).lines;
    expect(lines).toHaveLength(2);
    expect(lines[0]!.under).toBe(1);
    expect(lines[1]!.coincides).toEqual({ label: lines[0]!.label, share: 1 });
  });

  it("counts get whole-number axes, rates and seconds do not", () => {
    expect(
      (["throughput", "depth", "age", "consumers", "dlq"] as const).map((k) => [k, ok(crashloop.charts[k]).axis]),
    ).toEqual([
      ["throughput", "rate"],
      ["depth", "count"],
      ["age", "seconds"],
      ["consumers", "count"],
      ["dlq", "count"],
    ]);
  });

  it("one publish/ack/waiting chart per queue on the step grid, waiting on the right axis", () => {
    const { flows } = ok(crashloop.charts.flows);
    expect(flows.map((f) => f.destination)).toEqual([
      "order_confirmed.notification",
      "order_confirmed.inventory",
      "order_confirmation_retry",
    ]);
    const notification = flows[0]!;
    expect(notification.lines.map((l) => [l.label, Boolean(l.rightAxis)])).toEqual([
      ["publish/s", false],
      ["ack/s", false],
      ["waiting", true],
    ]);
    // The same values as the queue's lines in the shared charts: one reading, two pictures.
    const shared = ok(crashloop.charts.throughput).lines.find((l) => l.key === `acked:${NOTIFICATION}`)!;
    expect(notification.lines[1]!.points).toEqual(shared.points);
    const waiting = ok(crashloop.charts.depth).lines.find((l) => l.key === `waiting:${NOTIFICATION}`)!;
    expect(notification.lines[2]!.points).toEqual(waiting.points);
    expect(flows[2]!.note).toMatch(/^A delay queue: its publishes are retries/);
  });
});

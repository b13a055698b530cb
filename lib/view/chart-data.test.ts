import { describe, expect, it } from "vitest";
import { backlog } from "@/lib/analysis/broker-checks";
import { destinationViews } from "@/lib/analysis/destination-view";
import { healthySignals, makeWorkflow, MIN, Q, setSeries, setState } from "@/lib/analysis/testing";
import { drainLine, onGrid, sinceEmpty, stepGrid } from "./chart-data";
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

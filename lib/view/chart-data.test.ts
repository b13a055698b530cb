import { describe, expect, it } from "vitest";
import { drainSeconds, onGrid, sinceEmpty, stepGrid } from "./chart-data";
import { completenessTrend } from "./trace-data";
import type { TraceFacts } from "@/lib/analysis/trace-facts";

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

describe("drainSeconds", () => {
  it("ready ÷ net drain rate; null while publishes keep up with acks", () => {
    const ready: Array<[number, number | null]> = [
      [0, 100],
      [10_000, 100],
    ];
    const acks: Array<[number, number | null]> = [
      [0, 200],
      [10_000, 200],
    ];
    const pubs: Array<[number, number | null]> = [
      [0, 100],
      [10_000, 100],
    ];
    // net (200 − 100) per 10 s step = 10/s → 100 messages in 10 s
    expect(drainSeconds(ready, acks, pubs, 10)).toEqual([
      [0, 10],
      [10_000, 10],
    ]);
    expect(drainSeconds(ready, pubs, acks, 10)).toEqual([
      [0, null],
      [10_000, null],
    ]);
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

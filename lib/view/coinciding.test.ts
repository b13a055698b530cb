import { describe, expect, it } from "vitest";
import { coincidesText, markCoinciding } from "./coinciding";
import type { LineData, Point } from "./view-model";

const line = (key: string, values: Array<number | null>, extra: Partial<LineData> = {}): LineData => ({
  key,
  label: key,
  points: values.map((v, i): Point => [i * 10_000, v]),
  colorIndex: 0,
  ...extra,
});

describe("markCoinciding", () => {
  it("stacks three identical lines as a chain, the lowest drawn widest, so each colour shows", () => {
    const [a, b, c] = markCoinciding([line("a", [1, 2, 3]), line("b", [1, 2, 3]), line("c", [1, 2, 3])]);
    expect([a!.under, b!.under, c!.under]).toEqual([2, 1, undefined]);
    expect(b!.coincides).toEqual({ label: "a", share: 1 });
    expect(c!.coincides).toEqual({ label: "b", share: 1 });
  });

  it("counts values within a pixel row (1 % of the largest) as the same, gaps as neither", () => {
    //  t:  0    1    2    3     4
    //  a:  100  50   50   null  10
    //  b:  100  50.5 80   7     10    → 3 of the 4 steps both have coincide
    const [, b] = markCoinciding([line("a", [100, 50, 50, null, 10]), line("b", [100, 50.5, 80, 7, 10])]);
    expect(b!.coincides).toEqual({ label: "a", share: 0.75 });
    expect(coincidesText(b!.coincides!)).toBe("same as a on 75 % of steps");
  });

  it("says nothing of lines that only cross, and compares right-axis lines only with each other", () => {
    const out = markCoinciding([
      line("rate", [0, 5, 10, 5]),
      line("other", [10, 5, 0, 1]),
      line("waiting", [0, 5, 10, 5], { rightAxis: true }),
    ]);
    expect(out.map((l) => [l.under, l.coincides])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it("treats two all-zero lines as one row (two empty dead-letter queues)", () => {
    const [, b] = markCoinciding([line("dlq-a", [0, 0, 0]), line("dlq-b", [0, 0, 0])]);
    expect(coincidesText(b!.coincides!)).toBe("same values as dlq-a");
  });
});

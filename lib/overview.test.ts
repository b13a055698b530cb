import { describe, expect, it } from "vitest";
import { oneLine, sumLines } from "./overview";

describe("overview trends", () => {
  it("sums lines slot by slot and leaves a gap where any line has no sample", () => {
    const a = {
      key: "a",
      label: "a",
      colorIndex: 0,
      points: [
        [0, 1],
        [1, null],
        [2, 3],
      ] as Array<[number, number | null]>,
    };
    const b = {
      key: "b",
      label: "b",
      colorIndex: 1,
      points: [
        [0, 2],
        [1, 5],
        [2, 0],
      ] as Array<[number, number | null]>,
    };
    expect(sumLines([a, b])).toEqual([
      [0, 3],
      [1, null],
      [2, 3],
    ]);
    expect(sumLines([])).toEqual([]);
  });

  it("keeps the first sentence of a verdict summary (decimals do not end it)", () => {
    expect(oneLine("Completeness 93.9% of 850, below 95.0%. Orphans: 7.")).toBe(
      "Completeness 93.9% of 850, below 95.0%.",
    );
    expect(oneLine("x".repeat(300))).toHaveLength(178);
  });
});

import { describe, expect, it } from "vitest";
import { toGrid } from "./series";

describe("toGrid", () => {
  it("puts null where a sample is missing, never 0", () => {
    const grid = toGrid(
      {
        labels: {},
        points: [
          { tsMs: 0, value: 5 },
          { tsMs: 20, value: NaN },
        ],
      },
      0,
      30,
      10,
    );
    expect(grid.map((p) => p.value)).toEqual([5, null, NaN, null]);
  });
});

import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it("matches published values", () => {
    // Wilson 95% for 0/10 is [0, 0.2775]; for 10/10, [0.7225, 1] (Newcombe 1998, table I).
    const zero = wilsonInterval(0, 10)!;
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 4);
    const all = wilsonInterval(10, 10)!;
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBe(1);
    const half = wilsonInterval(50, 100)!;
    expect(half.low).toBeCloseTo(0.4038, 3);
    expect(half.high).toBeCloseTo(0.5962, 3);
  });

  it("has no interval for an empty sample", () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
  });

  it("narrows as the sample grows", () => {
    const small = wilsonInterval(19, 20)!;
    const big = wilsonInterval(1900, 2000)!;
    expect(big.high - big.low).toBeLessThan(small.high - small.low);
  });
});

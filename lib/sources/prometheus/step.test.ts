import { describe, expect, it } from "vitest";
import { PROMETHEUS_MAX_POINTS, chooseStep } from "./step";

const H = 3_600_000;

describe("chooseStep", () => {
  it("picks a nice step that keeps points within the chart width", () => {
    const choice = chooseStep({ startMs: 0, endMs: H, widthPx: 600 });
    expect(choice.stepS).toBe(10); // 3600 s / 599 ≈ 6 s → 10 s
    expect(choice.points).toBeLessThanOrEqual(600);
  });

  it("aligns the window to the step so identical views share one URL", () => {
    const a = chooseStep({ startMs: 1_000_123, endMs: 1_000_123 + H, widthPx: 600 });
    const b = chooseStep({ startMs: 1_003_999, endMs: 1_003_999 + H, widthPx: 600 });
    expect(a).toEqual(b);
    expect(a.startS % a.stepS).toBe(0);
  });

  it("never exceeds Prometheus' 11,000 points even for a huge width", () => {
    const choice = chooseStep({ startMs: 0, endMs: 30 * 24 * H, widthPx: 100_000 });
    expect(choice.points).toBeLessThanOrEqual(PROMETHEUS_MAX_POINTS);
  });

  it("respects the minimum step (the scrape interval)", () => {
    expect(chooseStep({ startMs: 0, endMs: 60_000, widthPx: 600, minStepS: 15 }).stepS).toBe(15);
  });

  it("rejects an empty or inverted window", () => {
    expect(() => chooseStep({ startMs: 10, endMs: 10 })).toThrow(RangeError);
  });
});

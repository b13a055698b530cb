import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const at = (iso: string) => Date.parse(iso);

describe("timeTicks", () => {
  it("puts about `count` round times inside the window", () => {
    const ticks = timeTicks(at("2026-11-29T18:07:13Z"), at("2026-11-29T18:37:13Z"), 5);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 19))).toEqual(["18:10:00", "18:20:00", "18:30:00"]);
  });

  it("uses seconds steps for a short window and whole days past the longest step", () => {
    expect(timeTicks(at("2026-11-29T18:00:05Z"), at("2026-11-29T18:01:05Z"), 8)).toHaveLength(6);
    const week = timeTicks(at("2026-11-22T00:00:00Z"), at("2026-11-29T00:00:00Z"), 3);
    expect(week.every((t) => t % 86_400_000 === 0)).toBe(true);
  });
});

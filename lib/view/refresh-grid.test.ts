import { describe, expect, it } from "vitest";
import { msPastGridInstant, msUntilNextPoll, POLL_OFFSET_MS, POLL_SPREAD_MS, pollOffsetMs } from "./refresh-grid";
import { alignedNow } from "./time-range";

const PERIOD = 15_000;
const OFFSET = 1_000;

describe("msUntilNextPoll", () => {
  it("puts every viewer's next poll on the same instant, whenever they loaded the page", () => {
    const boundary = 1_700_000_010_000; // a multiple of 15 s
    const pollsAt = [boundary - 13_500, boundary - 9_000, boundary - 7_000].map(
      (now) => now + msUntilNextPoll(now, PERIOD, OFFSET),
    );
    expect(new Set(pollsAt)).toEqual(new Set([boundary + OFFSET]));
  });

  it("does not poll again within half a period", () => {
    const boundary = 1_700_000_010_000;
    const now = boundary + OFFSET - 2_000; // 2 s before the grid instant
    expect(msUntilNextPoll(now, PERIOD, OFFSET)).toBe(2_000 + PERIOD);
  });

  it("polls at the next grid instant when the data on screen is already half a period old", () => {
    const boundary = 1_700_000_010_000;
    const now = boundary + OFFSET - 2_000;
    // A first render from an evaluation made 13 s ago: 2 s to the grid, not 17.
    expect(msUntilNextPoll(now, PERIOD, OFFSET, now - 13_000)).toBe(2_000);
    expect(msUntilNextPoll(now, PERIOD, OFFSET, now - 3_000)).toBe(2_000 + PERIOD);
  });

  it("waits a whole period when asked exactly on the grid", () => {
    expect(msUntilNextPoll(1_700_000_010_000 + OFFSET, PERIOD, OFFSET)).toBe(PERIOD);
  });
});

describe("pollOffsetMs", () => {
  it("spreads polls over 1–3.5 s past the boundary, all within the boundary's 5-s slot", () => {
    expect(pollOffsetMs(0)).toBe(POLL_OFFSET_MS);
    expect(pollOffsetMs(0.5)).toBe(POLL_OFFSET_MS + POLL_SPREAD_MS / 2);
    const boundary = 1_700_000_010_000; // a multiple of 15 s
    for (const random of [0, 0.25, 0.999999]) {
      const now = boundary - 5_000;
      const pollAt = now + msUntilNextPoll(now, PERIOD, pollOffsetMs(random), now - PERIOD);
      expect(pollAt).toBeGreaterThanOrEqual(boundary + 1_000);
      expect(alignedNow(pollAt)).toBe(boundary);
    }
  });
});

describe("msPastGridInstant", () => {
  it("says how long ago the last grid instant was, in [0, period)", () => {
    const boundary = 1_700_000_010_000;
    expect(msPastGridInstant(boundary, PERIOD)).toBe(0);
    expect(msPastGridInstant(boundary - 1, PERIOD)).toBe(PERIOD - 1);
    expect(msPastGridInstant(boundary + 1_500, PERIOD, OFFSET)).toBe(500);
    expect(msPastGridInstant(boundary + 500, PERIOD, OFFSET)).toBe(PERIOD - 500);
  });
});

import { describe, expect, it } from "vitest";
import { msUntilNextPoll } from "./refresh-grid";

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

  it("waits a whole period when asked exactly on the grid", () => {
    expect(msUntilNextPoll(1_700_000_010_000 + OFFSET, PERIOD, OFFSET)).toBe(PERIOD);
  });
});

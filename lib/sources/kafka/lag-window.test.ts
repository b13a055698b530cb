import { describe, expect, it } from "vitest";
import { groupLagStatus, partitionLagStatus, type OffsetSample } from "./lag-window";

const WINDOW = 60_000;
/** Samples every 15 s from t=0: [committed, logEnd] pairs. */
function samples(...pairs: [number, number][]): OffsetSample[] {
  return pairs.map(([committed, logEnd], i) => ({ atMs: i * 15_000, committed, logEnd }));
}
const judge = (s: OffsetSample[], assigned = true) => partitionLagStatus(s, { assigned, windowMs: WINDOW });

describe("Burrow's window rules per partition", () => {
  it("OK when lag was zero at some sample, whatever else happened", () => {
    // lag: 5 0 9 12 20
    expect(judge(samples([0, 5], [5, 5], [5, 14], [5, 17], [5, 25])).status).toBe("OK");
  });

  it("REWIND when the committed offset goes back (an offset reset)", () => {
    //  committed: 10 12 3 4 5   (lag never 0)
    const v = judge(samples([10, 20], [12, 20], [3, 20], [4, 20], [5, 20]));
    expect(v).toEqual({ status: "REWIND", reason: "committed offset went back from 12 to 3" });
  });

  it("STALL when a member is assigned and the offset never moves while lag exists", () => {
    //  committed: 7 7 7 7 7   lag: 3 4 5 6 7
    const s = samples([7, 10], [7, 11], [7, 12], [7, 13], [7, 14]);
    expect(judge(s, true).status).toBe("STALL");
    expect(judge(s, false).status).toBe("STOP");
  });

  it("WARN when the offset moves but lag only grows", () => {
    //  committed: 0 2 4 6 8   logEnd: 5 9 13 17 21   lag: 5 7 9 11 13
    expect(judge(samples([0, 5], [2, 9], [4, 13], [6, 17], [8, 21])).status).toBe("WARN");
  });

  it("OK when the offset moves and lag shrinks at times", () => {
    //  lag: 5 7 4 6 5
    expect(judge(samples([0, 5], [2, 9], [6, 10], [6, 12], [8, 13])).status).toBe("OK");
  });

  it("leaves STOP, STALL and WARN unjudged until the samples cover the window", () => {
    const short = samples([7, 10], [7, 11], [7, 12]); // 30 s of a 60 s window
    expect(judge(short).status).toBeUndefined();
    expect(judge(short).reason).toContain("cover 30 s");
  });

  it("does not judge a partition the group never committed on (−1): a gap, not a zero lag", () => {
    expect(judge(samples([-1, 10], [-1, 12], [-1, 14], [-1, 16], [-1, 18]))).toEqual({
      reason: "the group has not committed an offset on it",
    });
  });
});

describe("groupLagStatus", () => {
  it("rolls partitions up to the worst and names the partitions nobody is assigned", () => {
    const partitions = new Map([
      [0, samples([0, 0], [5, 5], [9, 9], [12, 12], [15, 15])], // OK
      [1, samples([0, 5], [2, 9], [4, 13], [6, 17], [8, 21])], // WARN
      [2, samples([7, 10], [7, 11], [7, 12], [7, 13], [7, 14])], // unassigned: STOP
    ]);
    const v = groupLagStatus(partitions, { assignedPartitions: new Set([0, 1]), windowMs: WINDOW });
    expect(v.status).toBe("STOP");
    expect(v.unassigned).toEqual([2]);
    expect(v.partitions.map((p) => [p.partition, p.status, p.lag])).toEqual([
      [0, "OK", 0],
      [1, "WARN", 13],
      [2, "STOP", 7],
    ]);
  });
});

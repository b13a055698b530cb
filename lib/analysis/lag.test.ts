import { describe, expect, it } from "vitest";
import type { SamplePoint } from "@/lib/domain/series";
import { lagStatus } from "./lag";

/** Samples 15 s apart from a list of values. */
const pts = (values: number[]): SamplePoint[] => values.map((value, i) => ({ tsMs: i * 15_000, value }));

describe("lagStatus (Burrow's rules for a queue)", () => {
  it("OK when the queue was empty at any sample", () => {
    // ready:    3 5 0 2 4
    // position: 0 1 2 3 4
    expect(lagStatus({ lag: pts([3, 5, 0, 2, 4]), position: pts([0, 1, 2, 3, 4]) })?.status).toBe("OK");
  });

  it("STOP when messages wait the whole window and nothing is acked or delivered (crash loop)", () => {
    // ready:    10 20 30 40 50   ← publishes keep arriving
    // position: 90 90 90 90 90   ← no ack
    // delivered: 0
    const r = lagStatus({ lag: pts([10, 20, 30, 40, 50]), position: pts([90, 90, 90, 90, 90]), deliveries: 0 });
    expect(r?.status).toBe("STOP");
  });

  it("STALL when deliveries happen but the position never moves (taken, never acked)", () => {
    const r = lagStatus({ lag: pts([5, 5, 6, 6, 7]), position: pts([90, 90, 90, 90, 90]), deliveries: 12 });
    expect(r?.status).toBe("STALL");
    expect(r?.reason).toContain("12 delivered");
  });

  it("WARN when acks move but the backlog never shrinks (slow consumer)", () => {
    // ready:    2 4 4 7 9      never decreasing, never zero
    // position: 0 3 6 9 12     acks flowing
    expect(lagStatus({ lag: pts([2, 4, 4, 7, 9]), position: pts([0, 3, 6, 9, 12]) })?.status).toBe("WARN");
  });

  it("OK when the backlog is never zero but shrinks at times", () => {
    expect(lagStatus({ lag: pts([5, 7, 4, 6, 3]), position: pts([0, 3, 6, 9, 12]) })?.status).toBe("OK");
  });

  it("REWIND when the position goes backwards", () => {
    expect(lagStatus({ lag: pts([5, 6, 7]), position: pts([10, 4, 6]) })?.status).toBe("REWIND");
  });

  it("undefined (cannot judge) with no samples, never OK", () => {
    expect(lagStatus({ lag: [], position: [] })).toBeUndefined();
    expect(lagStatus({ lag: pts([5, 6]), position: pts([3]) })).toBeUndefined();
  });
});

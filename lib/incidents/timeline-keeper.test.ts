import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { InstanceLocks } from "@/lib/db/instance-lock";
import { sweepsSkipped, timelineDerivations, valueOf } from "@/lib/telemetry/metrics";
import {
  startTimelineKeeper,
  TIMELINE_LOCK_MAX_KEPT_MS,
  timelineLockKeptMs,
  type SweepOutcome,
  type TimelineKeeper,
} from "./timeline-keeper";

// The keeper's timer: what happens between sweeps. What one sweep derives runs against a
// real database in tests/db/derive.test.ts. A stand-in database handle is enough here: these
// cases are about a handle that cannot be opened, or does not answer.

function collectingLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    },
  };
}

describe("the timeline keeper", () => {
  let keeper: TimelineKeeper | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    keeper?.stop();
    keeper = undefined;
    vi.useRealTimers();
  });

  it("logs and counts a sweep that cannot open the database, and tries again at the next tick", async () => {
    const { lines, log } = collectingLog();
    const failedBefore = (await valueOf(timelineDerivations, { outcome: "failed" })) ?? 0;
    const openDb = vi.fn(async (): Promise<PrismaClient> => {
      throw new Error("database down");
    });
    keeper = startTimelineKeeper(openDb, 1000, log);
    await vi.advanceTimersByTimeAsync(2000);
    expect(openDb).toHaveBeenCalledTimes(2);
    expect(lines).toEqual([
      "[asyncscope] timeline sweep failed: database down",
      "[asyncscope] timeline sweep failed: database down",
    ]);
    expect((await valueOf(timelineDerivations, { outcome: "failed" })) ?? 0).toBe(failedBefore + 2);
  });

  it("never starts a sweep while the previous one still runs, and says it skipped", async () => {
    const { lines, log } = collectingLog();
    const openDb = vi.fn(() => new Promise<PrismaClient>(() => {})); // a database that never answers
    keeper = startTimelineKeeper(openDb, 1000, log);
    await vi.advanceTimersByTimeAsync(3000);
    expect(openDb).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      "[asyncscope] timeline sweep still running after 1 s; skipping this one",
      "[asyncscope] timeline sweep still running after 1 s; skipping this one",
    ]);
  });

  it("runs once per process: a second start returns the running keeper; after stop a new one starts", async () => {
    const openDb = vi.fn(() => new Promise<PrismaClient>(() => {}));
    const { log } = collectingLog();
    keeper = startTimelineKeeper(openDb, 1000, log);
    expect(startTimelineKeeper(openDb, 1000, log)).toBe(keeper);
    await vi.advanceTimersByTimeAsync(1000);
    expect(openDb).toHaveBeenCalledTimes(1);
    keeper.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(openDb).toHaveBeenCalledTimes(1);
    const next = startTimelineKeeper(openDb, 1000, log);
    expect(next).not.toBe(keeper);
    keeper = next;
  });
});

describe("the timeline keeper beside other instances", () => {
  let keeper: TimelineKeeper | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    keeper?.stop();
    keeper = undefined;
    vi.useRealTimers();
  });

  it("skips a sweep another instance runs, counts it and says so at debug level", async () => {
    // Stands in for PostgreSQL's advisory lock held by another instance (tests/db/derive.test.ts
    // races the real one between two clients); this case is about what the keeper does then.
    const heldElsewhere: InstanceLocks = {
      kind: "advisory",
      sweep: async () => ({ ran: false }),
      incident: async () => ({ ran: false }),
    };
    const debug: string[] = [];
    const { lines, log } = collectingLog();
    const skippedBefore = (await valueOf(sweepsSkipped, { sweep: "timeline" })) ?? 0;
    const openDb = vi.fn(async () => ({}) as PrismaClient);
    keeper = startTimelineKeeper(
      openDb,
      1000,
      { ...log, debug: (line: string) => debug.push(line) },
      async () => heldElsewhere,
    );
    await vi.advanceTimersByTimeAsync(2000);
    expect((await valueOf(sweepsSkipped, { sweep: "timeline" })) ?? 0).toBe(skippedBefore + 2);
    expect(debug).toEqual([
      "[asyncscope] timeline sweep: another instance is running it; skipped",
      "[asyncscope] timeline sweep: another instance is running it; skipped",
    ]);
    expect(lines).toEqual([]);
  });

  it("asks to keep the sweep's lock for most of the interval after a clean sweep, and not after a failure", async () => {
    // The lock itself is raced on a real PostgreSQL in tests/db/derive.test.ts; this is what the
    // keeper asks of it. The stand-in runs no sweep: it keeps the function the keeper passes, and
    // the test asks it about the outcomes a sweep can have.
    const asked: Array<(outcome: SweepOutcome) => number> = [];
    const recording: InstanceLocks = {
      kind: "advisory",
      sweep: async (_name, _holdMs, _work, keptMsFor) => {
        if (keptMsFor) asked.push(keptMsFor as (typeof asked)[number]);
        return { ran: false };
      },
      incident: async () => ({ ran: false }),
    };
    keeper = startTimelineKeeper(
      async () => ({}) as PrismaClient,
      120_000,
      collectingLog().log,
      async () => recording,
    );
    await vi.advanceTimersByTimeAsync(120_000);
    expect(asked).toHaveLength(1);
    const keep = asked[0]!;
    expect(keep({ incidents: 3, recorded: 2, failed: 0, skipped: 0 })).toBe(timelineLockKeptMs(120_000));
    expect(keep({ incidents: 3, recorded: 0, failed: 1, skipped: 0 })).toBe(0);
    // Most of the interval, let go before it ends, and never more than TIMELINE_LOCK_MAX_KEPT_MS.
    expect(timelineLockKeptMs(120_000)).toBe(118_000);
    expect(timelineLockKeptMs(10_000)).toBe(9_000);
    expect(timelineLockKeptMs(3_600_000)).toBe(TIMELINE_LOCK_MAX_KEPT_MS);
  });
});

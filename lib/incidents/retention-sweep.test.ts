import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { startRetentionKeeper, type RetentionKeeper } from "./retention-sweep";

// The retention keeper's timer; what a sweep deletes runs on a real database in tests/db/retention.test.ts.

describe("the retention keeper", () => {
  let keeper: RetentionKeeper | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    keeper?.stop();
    keeper = undefined;
    vi.useRealTimers();
  });

  it("sweeps a minute after start, then every interval, and logs a sweep that cannot open the database", async () => {
    const lines: string[] = [];
    const log = {
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    const openDb = vi.fn(async (): Promise<PrismaClient> => {
      throw new Error("database down");
    });
    keeper = startRetentionKeeper(openDb, { unpinnedSnapshotDays: 30, resolvedIncidentDays: 0 }, 3_600_000, log);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(openDb).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(openDb).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(openDb).toHaveBeenCalledTimes(2);
    expect(lines).toEqual([
      "[asyncscope] retention sweep failed: database down",
      "[asyncscope] retention sweep failed: database down",
    ]);
  });

  it("is one per process: a second start returns the running keeper", () => {
    const openDb = async (): Promise<PrismaClient> => ({}) as PrismaClient;
    keeper = startRetentionKeeper(openDb, { unpinnedSnapshotDays: 30, resolvedIncidentDays: 0 }, 1000);
    expect(startRetentionKeeper(openDb, { unpinnedSnapshotDays: 1, resolvedIncidentDays: 0 }, 1000)).toBe(keeper);
  });
});

import { beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { QuotaExceededError } from "@/lib/incidents/quota";
import { createShareLink } from "@/lib/incidents/repository";
import { assertSnapshotQuota, recentCreations } from "@/lib/incidents/snapshot-quota";
import { onEachDatabase } from "../support/migrated-database";
import { encodeManifest } from "@/lib/evidence/snapshot-parts";

// The snapshot quota counts what the database holds, by the database's clock: a restarted
// server or a second instance sees the same count.

/** The stored form of the bundle `{}` (rows made directly, to set takenAt). */
const emptyManifest = new Uint8Array(encodeManifest({ version: 1, skeleton: {}, parts: [] }));

onEachDatabase("snapshot quota", "snapshot_quota", (database) => {
  let db: PrismaClient;
  let dbNowMs: number;
  beforeAll(async () => {
    db = database();
    const [row] = await db.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`;
    dbNowMs = row!.now.getTime();
  });

  const snapshotTaken = (minutesAgo: number) =>
    db.snapshot.create({
      data: {
        workflowId: "checkout",
        windowFrom: new Date("2026-11-23T14:00:00Z"),
        windowTo: new Date("2026-11-23T14:15:00Z"),
        bundleVersion: 1,
        manifest: emptyManifest,
        sizeBytes: 2,
        takenAt: new Date(dbNowMs - minutesAgo * 60_000),
      },
    });

  it("counts snapshots of the last hour, a link with its own snapshot once, a link to a live view once", async () => {
    await snapshotTaken(90); // older than the hour: not counted
    await snapshotTaken(50);
    await createShareLink(db, {
      targetPath: "/workflows/checkout",
      windowFrom: new Date("2026-11-23T14:00:00Z"),
      windowTo: new Date("2026-11-23T14:15:00Z"),
      snapshot: {
        workflowId: "checkout",
        windowFrom: new Date("2026-11-23T14:00:00Z"),
        windowTo: new Date("2026-11-23T14:15:00Z"),
        bundleVersion: 1,
        bundle: {},
      },
    });
    await createShareLink(db, {
      targetPath: "/workflows/checkout",
      windowFrom: new Date("2026-11-23T14:00:00Z"),
      windowTo: new Date("2026-11-23T14:15:00Z"),
    });
    const { createdAtMs } = await recentCreations(db);
    expect(createdAtMs).toHaveLength(3);
    await expect(assertSnapshotQuota(db, 4)).resolves.toBeUndefined();
  });

  it("refuses at the quota with the seconds until the oldest creation leaves the hour", async () => {
    const refused = await assertSnapshotQuota(db, 3).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QuotaExceededError);
    // The oldest counted creation was taken 50 minutes before dbNowMs: about 10 minutes to go
    // (less the seconds this test has run).
    const seconds = (refused as QuotaExceededError).retryAfterSeconds;
    expect(seconds).toBeGreaterThan(540);
    expect(seconds).toBeLessThanOrEqual(600);
    await expect(assertSnapshotQuota(db, 0)).resolves.toBeUndefined(); // 0: no quota
  });

  it("holds under concurrent creations: the check in the creating transaction lets exactly the quota through", async () => {
    const { createdAtMs } = await recentCreations(db);
    const quotaPerHour = createdAtMs.length + 2; // room for two more
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        createShareLink(db, {
          targetPath: "/workflows/checkout",
          windowFrom: new Date("2026-11-23T14:00:00Z"),
          windowTo: new Date("2026-11-23T14:15:00Z"),
          quotaPerHour,
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
    const refusals = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(refusals).toHaveLength(4);
    for (const refusal of refusals) expect(refusal.reason).toBeInstanceOf(QuotaExceededError);
  });
});

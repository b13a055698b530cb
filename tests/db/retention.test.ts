import { beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { addEvidence, createIncident, createShareLink } from "@/lib/incidents/repository";
import { deleteIncident, deleteSnapshot, NoLongerExpiredError } from "@/lib/incidents/deletion";
import { sweepRetention } from "@/lib/incidents/retention-sweep";
import { onEachDatabase } from "../support/migrated-database";
import { encodeManifest } from "@/lib/evidence/snapshot-parts";

// One retention sweep against a real database: what expires goes (with the share links that
// open it), pinned evidence and open incidents stay, and every removal is logged.

const now = Date.parse("2026-12-31T00:00:00Z");
const daysAgo = (days: number) => new Date(now - days * 86_400_000);
const window = { windowFrom: new Date("2026-11-23T14:00:00Z"), windowTo: new Date("2026-11-23T14:15:00Z") };

/** The stored form of the bundle `{}` (rows made directly, to set takenAt). */
const emptyManifest = new Uint8Array(encodeManifest({ version: 1, skeleton: {}, parts: [] }));

onEachDatabase("retention", "retention", (database) => {
  let db: PrismaClient;
  beforeAll(() => {
    db = database();
  });

  const snapshotTaken = async (days: number) =>
    (
      await db.snapshot.create({
        data: {
          workflowId: "checkout",
          ...window,
          bundleVersion: 1,
          manifest: emptyManifest,
          sizeBytes: 2,
          takenAt: daysAgo(days),
        },
      })
    ).id;
  const incidentResolved = async (title: string, resolvedDaysAgo: number | null) => {
    const incident = await createIncident(db, {
      title,
      severity: "sev2",
      startedAt: daysAgo(200),
      workflowIds: ["checkout"],
    });
    if (resolvedDaysAgo !== null)
      await db.incident.update({
        where: { id: incident.id },
        data: { status: "resolved", resolvedAt: daysAgo(resolvedDaysAgo) },
      });
    return incident.id;
  };

  it("deletes expired unpinned snapshots with their links and long-resolved incidents, and logs each", async () => {
    const expired = await snapshotTaken(31);
    const link = await createShareLink(db, { targetPath: `/snapshots/${expired}`, ...window, snapshotId: expired });
    const young = await snapshotTaken(5);
    const openIncident = await incidentResolved("still open", null);
    const pinned = (
      await addEvidence(
        db,
        openIncident,
        { workflowId: "checkout", ...window, bundleVersion: 1, bundle: {} },
        { at: daysAgo(150), kind: "evidence", body: "pinned" },
      )
    ).snapshot.id;
    await db.snapshot.update({ where: { id: pinned }, data: { takenAt: daysAgo(150) } });
    const longResolved = await incidentResolved("long resolved", 100);
    const lately = await incidentResolved("lately resolved", 10);
    const lines: string[] = [];
    const log = {
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };

    const outcome = await sweepRetention(db, { unpinnedSnapshotDays: 30, resolvedIncidentDays: 90 }, now, log);

    expect(outcome).toEqual({ deletedSnapshots: 1, deletedIncidents: 1, failed: 0 });
    expect((await db.snapshot.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual(
      [young, pinned].sort(),
    );
    expect(await db.shareLink.count({ where: { slug: link.slug } })).toBe(0);
    expect((await db.incident.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual(
      [openIncident, lately].sort(),
    );
    expect(lines).toContainEqual(
      `[asyncscope] retention: deleted snapshot ${expired} of checkout (taken ${daysAgo(31).toISOString()}, over 30 days ago, pinned to no incident) with the share links /s/${link.slug}`,
    );
    expect(lines).toContainEqual(expect.stringContaining(`deleted incident ${longResolved} "long resolved"`));
    expect(lines.at(-1)).toBe("[asyncscope] retention sweep: 1 incident(s) and 1 snapshot(s) deleted, 0 failed");

    // Resolved incidents are kept unless their retention is turned on; the next sweep finds nothing.
    expect(await sweepRetention(db, { unpinnedSnapshotDays: 30, resolvedIncidentDays: 0 }, now, log)).toEqual({
      deletedSnapshots: 0,
      deletedIncidents: 0,
      failed: 0,
    });
  });

  it("re-checks inside the deletion: an incident reopened or a snapshot pinned since the sweep read it stays", async () => {
    // The sweep reads its victims, then deletes one by one: meanwhile someone may reopen an
    // incident or pin a snapshot. The deletion's own transaction decides.
    const reopened = await incidentResolved("reopened", 100);
    await db.incident.update({ where: { id: reopened }, data: { status: "investigating", resolvedAt: null } });
    await expect(deleteIncident(db, reopened, daysAgo(90))).rejects.toBeInstanceOf(NoLongerExpiredError);
    expect(await db.incident.count({ where: { id: reopened } })).toBe(1);

    const old = await snapshotTaken(40);
    const incident = await incidentResolved("pins it", null);
    await db.timelineEvent.create({
      data: { incidentId: incident, at: daysAgo(1), kind: "evidence", body: "pinned late", snapshotId: old },
    });
    await expect(deleteSnapshot(db, old, "Asyncscope retention", new Date(now), daysAgo(30))).rejects.toBeInstanceOf(
      NoLongerExpiredError,
    );
    expect(await db.snapshot.count({ where: { id: old } })).toBe(1);
    // Without the condition (a person's DELETE) both go.
    await deleteSnapshot(db, old, "alice", new Date(now));
    expect(await db.snapshot.count({ where: { id: old } })).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { deleteIncident, deleteShareLink, deleteSnapshot } from "@/lib/incidents/deletion";
import { NotFoundError } from "@/lib/incidents/errors";
import {
  addEvidence,
  addTimelineEvent,
  createIncident,
  createShareLink,
  getIncident,
  type NewSnapshot,
} from "@/lib/incidents/repository";
import { onEachDatabase } from "../support/migrated-database";

// Deleting incidents, share links and snapshots: what goes, what stays, and that removing an
// incident's evidence is written on its timeline (who, what, when).

const started = new Date("2026-11-23T14:03:00Z");
const now = new Date("2026-11-23T15:00:00Z");
const frozen: NewSnapshot = {
  workflowId: "checkout",
  windowFrom: new Date("2026-11-23T14:00:00Z"),
  windowTo: new Date("2026-11-23T14:15:00Z"),
  bundleVersion: 1,
  bundle: { verdict: "critical" },
};
const linkWindow = { windowFrom: frozen.windowFrom, windowTo: frozen.windowTo };

onEachDatabase("deletion", "deletion", (database) => {
  let db: PrismaClient;
  beforeAll(() => {
    db = database();
  });

  const newIncident = () =>
    createIncident(db, { title: "Orders stuck", severity: "sev1", startedAt: started, workflowIds: ["checkout"] });
  const pin = async (incidentId: string) =>
    (await addEvidence(db, incidentId, frozen, { at: now, kind: "evidence", body: "pinned view" })).snapshot.id;

  describe("deleteIncident", () => {
    it("removes the timeline and the pinned snapshots, keeping a snapshot a share link opens", async () => {
      const incident = await newIncident();
      await addTimelineEvent(db, incident.id, { at: now, kind: "note", body: "consumer restarted", author: "alice" });
      const alone = await pin(incident.id);
      const shared = await pin(incident.id);
      const link = await createShareLink(db, { targetPath: `/snapshots/${shared}`, ...linkWindow, snapshotId: shared });

      const deleted = await deleteIncident(db, incident.id);

      expect(deleted).toEqual({ id: incident.id, deletedSnapshotIds: [alone], keptSnapshotIds: [shared] });
      expect(await db.incident.count({ where: { id: incident.id } })).toBe(0);
      expect(await db.timelineEvent.count({ where: { incidentId: incident.id } })).toBe(0);
      expect(await db.snapshot.count({ where: { id: alone } })).toBe(0);
      expect(await db.snapshot.findUnique({ where: { id: shared } })).toMatchObject({ incidentId: null });
      expect(await db.shareLink.count({ where: { slug: link.slug } })).toBe(1);
    });

    it("is a NotFoundError for an unknown or malformed id", async () => {
      await expect(deleteIncident(db, "6f1c2a4e-0000-4000-8000-00000000dead")).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteIncident(db, "nope")).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("deleteShareLink", () => {
    it("removes a link and the snapshot frozen for it when nothing else refers to it", async () => {
      const link = await createShareLink(db, { targetPath: "/workflows/checkout", ...linkWindow, snapshot: frozen });
      const deleted = await deleteShareLink(db, link.slug, "bob", now);
      expect(deleted).toEqual({ slug: link.slug, deletedSnapshotId: link.snapshotId, incidentIds: [] });
      expect(await db.snapshot.count({ where: { id: link.snapshotId! } })).toBe(0);
    });

    it("keeps a snapshot pinned to an incident and writes the deletion on its timeline", async () => {
      const incident = await newIncident();
      const snapshotId = await pin(incident.id);
      const link = await createShareLink(db, { targetPath: `/snapshots/${snapshotId}`, ...linkWindow, snapshotId });

      const deleted = await deleteShareLink(db, link.slug, "bob", now);

      expect(deleted).toEqual({ slug: link.slug, deletedSnapshotId: null, incidentIds: [incident.id] });
      expect(await db.snapshot.count({ where: { id: snapshotId } })).toBe(1);
      const events = (await getIncident(db, incident.id)).events.filter((event) => event.kind === "deletion");
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ author: "bob", at: now, snapshotId });
      expect(events[0]?.body).toBe(
        `Share link /s/${link.slug} deleted (it opened snapshot ${snapshotId}: checkout 2026-11-23T14:00:00.000Z → 2026-11-23T14:15:00.000Z); the snapshot is kept`,
      );
    });

    it("is a NotFoundError for an unknown slug", async () => {
      await expect(deleteShareLink(db, "zzzzzzzz", "bob", now)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("deleteSnapshot", () => {
    it("removes a pinned snapshot with its share links; the pin stays without it and the deletion is recorded", async () => {
      const incident = await newIncident();
      const snapshotId = await pin(incident.id);
      const link = await createShareLink(db, { targetPath: `/snapshots/${snapshotId}`, ...linkWindow, snapshotId });

      const deleted = await deleteSnapshot(db, snapshotId, "carol", now);

      expect(deleted).toEqual({ id: snapshotId, deletedShareLinks: [link.slug], incidentIds: [incident.id] });
      expect(await db.shareLink.count({ where: { slug: link.slug } })).toBe(0);
      const events = (await getIncident(db, incident.id)).events;
      expect(events.find((event) => event.kind === "evidence")).toMatchObject({
        body: "pinned view",
        snapshotId: null,
      });
      expect(events.find((event) => event.kind === "deletion")).toMatchObject({
        author: "carol",
        at: now,
        body: `Snapshot ${snapshotId} deleted (checkout 2026-11-23T14:00:00.000Z → 2026-11-23T14:15:00.000Z); share links removed with it: /s/${link.slug}`,
      });
    });

    it("is a NotFoundError for an unknown id", async () => {
      await expect(deleteSnapshot(db, "6f1c2a4e-0000-4000-8000-00000000dead", "carol", now)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
});

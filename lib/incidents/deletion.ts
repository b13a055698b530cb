import type { PrismaClient } from "@/lib/db/generated/client";
import type { Prisma } from "@/lib/db/generated/client";
import { lockSnapshotParts, partsOf, removeUnreferencedParts } from "@/lib/evidence/snapshot-store";
import { NotFoundError } from "./errors";

/**
 * A deletion made on a condition read earlier (retention) found, inside its transaction, that
 * the condition no longer holds: the incident was reopened, the snapshot pinned or shared.
 */
export class NoLongerExpiredError extends Error {
  constructor(readonly what: string) {
    super(`${what} no longer qualifies for deletion: kept`);
    this.name = "NoLongerExpiredError";
  }
}
import { assertId } from "./repository";

// Deleting incidents, share links and snapshots. Evidence pinned to an incident is evidence of
// how it was handled: removing it is written on that incident's timeline (who, what, when),
// in the same transaction as the removal, so the timeline never misses one. A removed
// snapshot's parts that no other snapshot holds go in that transaction too, under the parts
// lock a writer also takes (lib/evidence/snapshot-store.ts).

/** Snapshots are a few MB of JSON each: the transaction may outlast Prisma's 5 s default. */
const DELETE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

export interface DeletedIncident {
  id: string;
  /** Snapshots pinned to it and removed with it (no share link opened them). */
  deletedSnapshotIds: string[];
  /** Snapshots pinned to it that share links open: kept, no longer pinned to any incident. */
  keptSnapshotIds: string[];
}

/**
 * Deletes an incident with its timeline (notes, derived events, alerts, pins: the database
 * cascades) and the snapshots pinned to it, except those a share link opens: the link someone
 * pasted keeps working, and the snapshot becomes an unpinned one that retention handles.
 */
export async function deleteIncident(
  db: PrismaClient,
  id: string,
  /** Retention: delete only if still resolved before this instant (re-checked in the transaction). */
  onlyIfResolvedBefore?: Date,
): Promise<DeletedIncident> {
  assertId("incident", id);
  return db.$transaction(async (tx) => {
    await lockSnapshotParts(tx);
    const incident = await tx.incident.findUnique({
      where: { id },
      select: {
        id: true,
        status: true,
        resolvedAt: true,
        snapshots: { select: { id: true, _count: { select: { shareLinks: true } } } },
      },
    });
    if (!incident) throw new NotFoundError("incident", id);
    if (
      onlyIfResolvedBefore &&
      !(incident.status === "resolved" && incident.resolvedAt && incident.resolvedAt < onlyIfResolvedBefore)
    )
      throw new NoLongerExpiredError(`incident ${id}`);
    const kept = incident.snapshots.filter((snapshot) => snapshot._count.shareLinks > 0).map((s) => s.id);
    const removable = incident.snapshots.filter((snapshot) => snapshot._count.shareLinks === 0).map((s) => s.id);
    await tx.incident.delete({ where: { id } });
    // Pinned to another incident's timeline too (an evidence event may point at any snapshot)?
    // Then it is that incident's evidence now, and stays.
    const elsewhere = await tx.timelineEvent.findMany({
      where: { snapshotId: { in: removable } },
      select: { snapshotId: true },
    });
    const stillPinned = new Set(elsewhere.map((event) => event.snapshotId));
    const deleted = removable.filter((snapshotId) => !stillPinned.has(snapshotId));
    const parts = await partsOf(tx, deleted);
    await tx.snapshot.deleteMany({ where: { id: { in: deleted } } });
    await removeUnreferencedParts(tx, parts);
    return {
      id,
      deletedSnapshotIds: deleted,
      keptSnapshotIds: [...kept, ...removable.filter((snapshotId) => stillPinned.has(snapshotId))],
    };
  }, DELETE_TRANSACTION);
}

/** The incidents a snapshot is pinned to: its own incident, and any whose timeline points at it. */
async function incidentsPinning(tx: Prisma.TransactionClient, snapshotId: string): Promise<string[]> {
  const snapshot = await tx.snapshot.findUnique({ where: { id: snapshotId }, select: { incidentId: true } });
  const events = await tx.timelineEvent.findMany({
    where: { snapshotId },
    select: { incidentId: true },
    distinct: ["incidentId"],
  });
  const ids = new Set(events.map((event) => event.incidentId));
  if (snapshot?.incidentId) ids.add(snapshot.incidentId);
  return [...ids].sort();
}

async function recordDeletion(
  tx: Prisma.TransactionClient,
  incidentIds: string[],
  body: string,
  deletedBy: string | undefined,
  now: Date,
  snapshotId: string | null,
): Promise<void> {
  if (incidentIds.length === 0) return;
  await tx.timelineEvent.createMany({
    data: incidentIds.map((incidentId) => ({
      incidentId,
      at: now,
      kind: "deletion" as const,
      author: deletedBy ?? null,
      body,
      snapshotId,
    })),
  });
}

function windowText(snapshot: { workflowId: string; windowFrom: Date; windowTo: Date }): string {
  return `${snapshot.workflowId} ${snapshot.windowFrom.toISOString()} → ${snapshot.windowTo.toISOString()}`;
}

export interface DeletedShareLink {
  slug: string;
  /** The snapshot the link opened, removed with it because nothing else refers to it. */
  deletedSnapshotId: string | null;
  /** Incidents whose timeline now says the link was deleted. */
  incidentIds: string[];
}

/**
 * Deletes a share link. Its snapshot goes with it when nothing else refers to it (no incident
 * pins it, no other link opens it): it was frozen for this link. A snapshot pinned to an
 * incident stays, and the incident's timeline records that the link to it was deleted.
 */
export async function deleteShareLink(
  db: PrismaClient,
  slug: string,
  deletedBy: string | undefined,
  now: Date = new Date(),
): Promise<DeletedShareLink> {
  return db.$transaction(async (tx) => {
    await lockSnapshotParts(tx);
    const link = await tx.shareLink.findUnique({
      where: { slug },
      include: { snapshot: { omit: { manifest: true, legacyBundle: true } } },
    });
    if (!link) throw new NotFoundError("share link", slug);
    await tx.shareLink.delete({ where: { slug } });
    if (!link.snapshot) return { slug, deletedSnapshotId: null, incidentIds: [] };
    const snapshot = link.snapshot;
    const incidentIds = await incidentsPinning(tx, snapshot.id);
    await recordDeletion(
      tx,
      incidentIds,
      `Share link /s/${slug} deleted (it opened snapshot ${snapshot.id}: ${windowText(snapshot)}); the snapshot is kept`,
      deletedBy,
      now,
      snapshot.id,
    );
    const otherLinks = await tx.shareLink.count({ where: { snapshotId: snapshot.id } });
    if (incidentIds.length > 0 || otherLinks > 0) return { slug, deletedSnapshotId: null, incidentIds };
    const parts = await partsOf(tx, [snapshot.id]);
    await tx.snapshot.delete({ where: { id: snapshot.id } });
    await removeUnreferencedParts(tx, parts);
    return { slug, deletedSnapshotId: snapshot.id, incidentIds };
  }, DELETE_TRANSACTION);
}

export interface DeletedSnapshot {
  id: string;
  /** Share links that opened it, removed with it: they would open nothing. */
  deletedShareLinks: string[];
  /** Incidents whose timeline now says the snapshot was deleted. */
  incidentIds: string[];
}

/**
 * Deletes a snapshot and the share links that open it. Evidence events pointing at it stay
 * on their timelines without it (snapshot_id set null), and each incident it was pinned to
 * gets a `deletion` event naming it.
 */
export async function deleteSnapshot(
  db: PrismaClient,
  id: string,
  deletedBy: string | undefined,
  now: Date = new Date(),
  /** Retention: delete only if still pinned to no incident and taken before this instant (re-checked in the transaction). */
  onlyIfUnpinnedBefore?: Date,
): Promise<DeletedSnapshot> {
  assertId("snapshot", id);
  return db.$transaction(async (tx) => {
    await lockSnapshotParts(tx);
    const snapshot = await tx.snapshot.findUnique({
      where: { id },
      select: {
        id: true,
        workflowId: true,
        windowFrom: true,
        windowTo: true,
        takenAt: true,
        incidentId: true,
        shareLinks: { select: { slug: true } },
        _count: { select: { events: true } },
      },
    });
    if (!snapshot) throw new NotFoundError("snapshot", id);
    if (
      onlyIfUnpinnedBefore &&
      !(snapshot.incidentId === null && snapshot._count.events === 0 && snapshot.takenAt < onlyIfUnpinnedBefore)
    )
      throw new NoLongerExpiredError(`snapshot ${id}`);
    const incidentIds = await incidentsPinning(tx, id);
    const slugs = snapshot.shareLinks.map((link) => link.slug).sort();
    await tx.shareLink.deleteMany({ where: { snapshotId: id } });
    const parts = await partsOf(tx, [id]);
    await tx.snapshot.delete({ where: { id } });
    await removeUnreferencedParts(tx, parts);
    const links = slugs.length > 0 ? `; share links removed with it: ${slugs.map((s) => `/s/${s}`).join(", ")}` : "";
    await recordDeletion(
      tx,
      incidentIds,
      `Snapshot ${id} deleted (${windowText(snapshot)})${links}`,
      deletedBy,
      now,
      null,
    );
    return { id, deletedShareLinks: slugs, incidentIds };
  }, DELETE_TRANSACTION);
}

import type { Prisma } from "@/lib/db/generated/client";
import {
  compress,
  decodeManifest,
  decompress,
  encodeManifest,
  joinBundle,
  partHash,
  SnapshotPartsError,
  splitBundle,
} from "./snapshot-parts";

// Snapshot bundles in the database: a gzip manifest on the snapshot row, and the parts in
// snapshot_part, stored once however many snapshots refer to them (snapshot_part_ref).
//
// Sharing parts means a deletion must remove the parts nothing refers to any more, while
// another instance may be storing a snapshot that refers to one of them. Both sides take
// one transaction-scoped advisory lock before they touch a snapshot row: a writer cannot
// skip a part it saw in the table while a deleter removes it, and a deleter cannot miss a
// reference being added. Taking it *first* (before any row lock) keeps the two from waiting
// on each other's rows (an incident being deleted while evidence is pinned to it).
// Snapshot writes and deletions are rare (bounded by the hourly quota), so serialising them
// costs little; reads take no lock.

/** pg_advisory_xact_lock key of snapshot parts ("ASPARTS1" in ASCII). */
const PARTS_LOCK_KEY = 0x4153504152545331n;

/** Serialises snapshot writes and deletions (see above). Call before touching any row. */
export async function lockSnapshotParts(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PARTS_LOCK_KEY}::bigint)`;
}

export interface PreparedBundle {
  manifest: Buffer;
  parts: Array<{ sha256: string; content: Buffer; rawBytes: number }>;
  /** Bytes of the bundle as plain JSON. */
  rawBytes: number;
}

/**
 * Splits and compresses a bundle (CPU only, no database): done before the lock is taken so a
 * writer holds it only while inserting. `bundle` must be plain JSON.
 */
export function prepareBundle(bundle: unknown): PreparedBundle {
  const split = splitBundle(bundle);
  return {
    manifest: encodeManifest(split.manifest),
    parts: split.parts.map((part) => ({
      sha256: part.sha256,
      content: compress(part.json),
      rawBytes: Buffer.byteLength(part.json),
    })),
    rawBytes: split.rawBytes,
  };
}

/**
 * Stores the parts a prepared bundle needs that are not stored yet, and the snapshot's
 * references to all of them. Call inside the transaction that creates the snapshot row, after
 * lockSnapshotParts.
 */
export async function storeParts(
  tx: Prisma.TransactionClient,
  snapshotId: string,
  prepared: PreparedBundle,
): Promise<void> {
  if (prepared.parts.length === 0) return;
  await tx.snapshotPart.createMany({
    data: prepared.parts.map((part) => ({
      sha256: part.sha256,
      content: new Uint8Array(part.content),
      rawBytes: part.rawBytes,
      storedBytes: part.content.length,
    })),
    skipDuplicates: true,
  });
  await tx.snapshotPartRef.createMany({
    data: prepared.parts.map((part) => ({ snapshotId, partSha256: part.sha256 })),
  });
}

/** The parts these snapshots refer to; read before deleting them, to collect the orphans after. */
export async function partsOf(tx: Prisma.TransactionClient, snapshotIds: string[]): Promise<string[]> {
  if (snapshotIds.length === 0) return [];
  const refs = await tx.snapshotPartRef.findMany({
    where: { snapshotId: { in: snapshotIds } },
    select: { partSha256: true },
    distinct: ["partSha256"],
  });
  return refs.map((ref) => ref.partSha256);
}

/**
 * Deletes those of `sha256s` that no snapshot refers to any more. Call in the deleting
 * transaction, after the snapshot rows (and with them their references) are gone, holding
 * lockSnapshotParts. Returns how many were removed.
 */
export async function removeUnreferencedParts(tx: Prisma.TransactionClient, sha256s: string[]): Promise<number> {
  if (sha256s.length === 0) return 0;
  const removed = await tx.snapshotPart.deleteMany({ where: { sha256: { in: sha256s }, refs: { none: {} } } });
  return removed.count;
}

export interface StoredBundleRow {
  id: string;
  manifest: Uint8Array | null;
  legacyBundle: unknown;
}

type PartReader = Pick<Prisma.TransactionClient, "snapshotPart">;

/**
 * The bundle of a snapshot row as plain JSON: joined from its manifest and parts, or, for a
 * row stored before parts that is not converted yet, its jsonb as it was.
 */
export async function readStoredBundle(db: PartReader, row: StoredBundleRow): Promise<unknown> {
  const origin = `snapshot ${row.id}`;
  if (row.manifest === null) {
    if (row.legacyBundle === null || row.legacyBundle === undefined) {
      throw new SnapshotPartsError(`${origin}: neither a manifest nor a stored bundle`);
    }
    return row.legacyBundle;
  }
  const manifest = decodeManifest(row.manifest, origin);
  const wanted = [...new Set(manifest.parts.map((part) => part.sha256))];
  const rows =
    wanted.length === 0
      ? []
      : await db.snapshotPart.findMany({ where: { sha256: { in: wanted } }, select: { sha256: true, content: true } });
  const json = new Map<string, string>();
  for (const part of rows) {
    const text = decompress(part.content);
    if (partHash(text) !== part.sha256) throw new SnapshotPartsError(`${origin}: part ${part.sha256} is damaged`);
    json.set(part.sha256, text);
  }
  return joinBundle(manifest, json, origin);
}

import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { errorText } from "@/lib/db/errors";
import { canonicalJson } from "./snapshot-parts";
import { lockSnapshotParts, prepareBundle, readStoredBundle, storeParts } from "./snapshot-store";

// Snapshots stored before compressed parts hold their bundle as jsonb (snapshot.bundle,
// legacyBundle in Prisma). SQL cannot gzip, so the migration keeps that column and this
// converts each row at start-up: parts and manifest written, the round trip checked against
// the jsonb, and the jsonb cleared, in one transaction per row. A row that fails stays as it
// was (still readable: readStoredBundle falls back to the jsonb) and is logged; the next
// start-up tries again.

export interface LegacyConversion {
  converted: number;
  failed: Array<{ id: string; reason: string }>;
}

/** Rows read per batch: each holds a bundle of a few MB. */
const BATCH = 5;

export async function convertLegacySnapshots(
  db: PrismaClient,
  log: (line: string) => void = console.info,
): Promise<LegacyConversion> {
  const outcome: LegacyConversion = { converted: 0, failed: [] };
  const failedIds = new Set<string>();
  for (;;) {
    const pending = await db.snapshot.findMany({
      where: { manifest: null, id: { notIn: [...failedIds] } },
      select: { id: true },
      orderBy: { takenAt: "asc" },
      take: BATCH,
    });
    if (pending.length === 0) break;
    for (const { id } of pending) {
      try {
        await convertOne(db, id);
        outcome.converted += 1;
      } catch (error) {
        failedIds.add(id);
        outcome.failed.push({ id, reason: errorText(error) });
        log(
          `[asyncscope] snapshot ${id}: kept as stored (jsonb), not converted to compressed parts: ${errorText(error)}`,
        );
      }
    }
  }
  if (outcome.converted > 0 || outcome.failed.length > 0) {
    log(
      `[asyncscope] snapshots stored before compressed parts: ${outcome.converted} converted, ${outcome.failed.length} failed (still readable as stored)`,
    );
  }
  return outcome;
}

async function convertOne(db: PrismaClient, id: string): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await lockSnapshotParts(tx);
      // Read under the lock: another instance converting at the same time has finished this row.
      const row = await tx.snapshot.findUnique({
        where: { id },
        select: { id: true, manifest: true, legacyBundle: true },
      });
      if (!row || row.manifest !== null) return;
      const prepared = prepareBundle(row.legacyBundle);
      await storeParts(tx, id, prepared);
      await tx.snapshot.update({
        where: { id },
        data: { manifest: new Uint8Array(prepared.manifest), legacyBundle: Prisma.DbNull },
      });
      const back = await readStoredBundle(tx, { id, manifest: prepared.manifest, legacyBundle: null });
      if (canonicalJson(back) !== canonicalJson(row.legacyBundle)) {
        throw new Error("the bundle read back from its parts differs from the stored jsonb (rolled back)");
      }
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

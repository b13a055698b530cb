import "server-only";
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { getSnapshot } from "@/lib/incidents/repository";
import { readBundle, type EvidenceBundle } from "@/lib/sources/recording/format";

export interface LoadedSnapshot {
  id: string;
  takenAt: Date;
  windowFrom: Date;
  windowTo: Date;
  bundle: EvidenceBundle;
}

/**
 * A stored snapshot with its bundle validated, and upgraded when it was stored in an older
 * format (throws NotFoundError or BundleError).
 */
export async function loadSnapshot(id: string, database?: PrismaClient): Promise<LoadedSnapshot> {
  const row = await getSnapshot(database ?? (await db()), id);
  return {
    id: row.id,
    takenAt: row.takenAt,
    windowFrom: row.windowFrom,
    windowTo: row.windowTo,
    bundle: readBundle(row.bundle, `snapshot ${row.id}`),
  };
}

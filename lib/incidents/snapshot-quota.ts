import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { QUOTA_WINDOW_MS, QuotaExceededError, quotaVerdict } from "./quota";

// Reads the last hour's creations from the database, not from a counter in this process: the
// quota then holds across restarts and across instances sharing one PostgreSQL. The database's
// clock stamps the rows (DEFAULT now()), so the database's clock judges the hour too.

/**
 * Creations of the last hour: every snapshot taken, and every share link created that did not
 * freeze a snapshot in that hour (a link and the snapshot stored with it count once). A
 * deleted snapshot or link no longer counts: the quota bounds what is kept, not what was asked.
 */
export async function recentCreations(
  db: PrismaClient | Prisma.TransactionClient,
): Promise<{ createdAtMs: number[]; nowMs: number }> {
  const since = `${QUOTA_WINDOW_MS} milliseconds`;
  const rows = await db.$queryRaw<Array<{ at: Date; now: Date }>>`
    SELECT c.at, now() AS now FROM (
      SELECT s.taken_at AS at FROM snapshot s WHERE s.taken_at > now() - ${since}::interval
      UNION ALL
      SELECT l.created_at AS at FROM share_link l LEFT JOIN snapshot s ON s.id = l.snapshot_id
       WHERE l.created_at > now() - ${since}::interval
         AND (s.id IS NULL OR s.taken_at <= now() - ${since}::interval)
    ) c`;
  if (rows.length === 0) {
    const [clock] = await db.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`;
    return { createdAtMs: [], nowMs: clock!.now.getTime() };
  }
  return { createdAtMs: rows.map((row) => row.at.getTime()), nowMs: rows[0]!.now.getTime() };
}

/** Any constant will do: one lock for every creation, on every instance sharing the database. */
const QUOTA_LOCK_KEY = 0x5a_0a_71_7e;

/**
 * Throws QuotaExceededError when one more snapshot or share link would exceed `quotaPerHour`
 * (0: no quota). Route handlers call it before the evidence is captured, so a refusal costs
 * no upstream queries; the creating transaction calls it again (lockedQuotaCheck), which is
 * what makes the quota exact.
 */
export async function assertSnapshotQuota(
  db: PrismaClient | Prisma.TransactionClient,
  quotaPerHour: number,
): Promise<void> {
  if (quotaPerHour === 0) return;
  const { createdAtMs, nowMs } = await recentCreations(db);
  const verdict = quotaVerdict(createdAtMs, quotaPerHour, nowMs);
  if (!verdict.allowed) throw new QuotaExceededError(quotaPerHour, verdict.retryAfterSeconds);
}

/**
 * The check inside the transaction that stores the snapshot or link: a transaction-scoped
 * advisory lock makes concurrent creations (on any instance) count one after another, each
 * seeing the rows the previous one committed, so requests arriving together cannot all slip
 * under the quota. The lock is held only for the insert, not while evidence is captured.
 */
export async function lockedQuotaCheck(tx: Prisma.TransactionClient, quotaPerHour: number | undefined): Promise<void> {
  if (!quotaPerHour) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${QUOTA_LOCK_KEY}::bigint)`;
  await assertSnapshotQuota(tx, quotaPerHour);
}

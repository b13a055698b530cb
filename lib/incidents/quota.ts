// The per-hour quota on creating snapshots and share links, decided from the creation times
// the database holds (snapshot-quota.ts reads them). Pure: no clock of its own, no I/O.

export const QUOTA_WINDOW_MS = 60 * 60_000;

export type QuotaVerdict =
  { allowed: true; used: number } | { allowed: false; used: number; retryAfterSeconds: number };

/**
 * Whether one more creation fits: `createdAtMs` are the creations of the last hour (any order),
 * `nowMs` the clock they were stamped with. Refused, it says when a slot frees: when enough
 * of the oldest creations leave the hour that the count falls below the quota.
 *
 *   quota 3, hour = [now-60m, now]:   ──|──a(-50m)──b(-40m)────c(-10m)──|now
 *   used 3 → refused; a leaves the hour at now+10m → Retry-After 600
 */
export function quotaVerdict(createdAtMs: readonly number[], quotaPerHour: number, nowMs: number): QuotaVerdict {
  const inWindow = createdAtMs.filter((ms) => ms > nowMs - QUOTA_WINDOW_MS).sort((a, b) => a - b);
  const used = inWindow.length;
  if (used < quotaPerHour) return { allowed: true, used };
  // Creations that must age out so that used falls to quota - 1: the oldest (used - quota + 1).
  const freeing = inWindow[used - quotaPerHour]!;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeing + QUOTA_WINDOW_MS - nowMs) / 1000));
  return { allowed: false, used, retryAfterSeconds };
}

/** The quota is used up. Route handlers answer 429 with Retry-After. */
export class QuotaExceededError extends Error {
  constructor(
    readonly quotaPerHour: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `snapshot quota reached: at most ${quotaPerHour} snapshots and share links are created per hour (ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR); try again in ${retryAfterSeconds} s`,
    );
    this.name = "QuotaExceededError";
  }
}

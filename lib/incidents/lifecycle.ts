import type { IncidentStatus } from "@/lib/db/generated/enums";

// When an incident counts as resolved: `resolvedAt` is set exactly while the status is
// "resolved". The export's impact window, the incident page and the timeline derivation all
// read resolvedAt as "over", so a reopened incident keeping its old resolvedAt would stop
// being evaluated at a time that no longer means anything. Pure: the repository applies it.

/** An edit that contradicts the incident as stored (or itself). Route handlers answer 400. */
export class InvalidIncidentChangeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidIncidentChangeError";
  }
}

export interface StoredIncident {
  status: IncidentStatus;
  startedAt: Date;
  resolvedAt: Date | null;
}

export interface StatusPatch {
  status?: IncidentStatus;
  /** undefined: not part of the edit; null: clear it. */
  resolvedAt?: Date | null;
}

/**
 * The resolvedAt the incident has after `patch`: kept, stamped with `now` on resolving,
 * taken from the edit, or cleared on reopening. Throws InvalidIncidentChangeError for a
 * resolution before the start, or a resolvedAt that contradicts the status.
 */
export function resolvedAtAfter(stored: StoredIncident, patch: StatusPatch, now: Date): Date | null {
  const status = patch.status ?? stored.status;
  if (status !== "resolved") {
    if (patch.resolvedAt) {
      throw new InvalidIncidentChangeError(
        "resolvedAt",
        `resolvedAt can only be set on a resolved incident (the status would be "${status}"); send "status": "resolved" with it`,
      );
    }
    return null; // reopened (or still open): no longer resolved
  }
  if (patch.resolvedAt === null) {
    throw new InvalidIncidentChangeError(
      "resolvedAt",
      `a resolved incident needs a resolvedAt; to reopen it, change its status`,
    );
  }
  const resolvedAt = patch.resolvedAt ?? stored.resolvedAt ?? now;
  if (resolvedAt.getTime() < stored.startedAt.getTime()) {
    throw new InvalidIncidentChangeError(
      "resolvedAt",
      `resolvedAt ${resolvedAt.toISOString()} is before the incident started (${stored.startedAt.toISOString()})`,
    );
  }
  return resolvedAt;
}

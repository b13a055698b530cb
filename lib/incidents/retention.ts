// What the retention sweep deletes (retention-sweep.ts does the deleting). Pure: the clock
// comes in as nowMs, the rows as plain values, so every rule is tested without a database.

export interface RetentionPolicy {
  /** Snapshots pinned to no incident are deleted this many days after they were taken; 0 keeps them. */
  unpinnedSnapshotDays: number;
  /** Resolved incidents are deleted this many days after they were resolved; 0 keeps them (the default). */
  resolvedIncidentDays: number;
}

export interface SnapshotCandidate {
  id: string;
  takenAt: Date;
  /** Pinned evidence of an incident (its incident_id), or named by a timeline event: never expires. */
  pinned: boolean;
}

export interface IncidentCandidate {
  id: string;
  status: string;
  resolvedAt: Date | null;
}

const DAY_MS = 24 * 60 * 60_000;

/** Rows older than these instants may expire; undefined where the policy keeps everything. */
export function retentionCutoffs(
  policy: RetentionPolicy,
  nowMs: number,
): { snapshotsTakenBefore?: Date; incidentsResolvedBefore?: Date } {
  return {
    ...(policy.unpinnedSnapshotDays > 0
      ? { snapshotsTakenBefore: new Date(nowMs - policy.unpinnedSnapshotDays * DAY_MS) }
      : {}),
    ...(policy.resolvedIncidentDays > 0
      ? { incidentsResolvedBefore: new Date(nowMs - policy.resolvedIncidentDays * DAY_MS) }
      : {}),
  };
}

/**
 * The snapshots and incidents to delete now. A snapshot goes when it is pinned to no incident
 * and was taken before the cutoff (the share links that open it go with it: they would open
 * nothing). An incident goes only while it is resolved, resolved before its cutoff: a
 * reopened one has no resolvedAt and stays.
 */
export function retentionVictims(
  candidates: { snapshots: readonly SnapshotCandidate[]; incidents: readonly IncidentCandidate[] },
  policy: RetentionPolicy,
  nowMs: number,
): { snapshotIds: string[]; incidentIds: string[] } {
  const { snapshotsTakenBefore, incidentsResolvedBefore } = retentionCutoffs(policy, nowMs);
  return {
    snapshotIds: snapshotsTakenBefore
      ? candidates.snapshots
          .filter((snapshot) => !snapshot.pinned && snapshot.takenAt < snapshotsTakenBefore)
          .map((snapshot) => snapshot.id)
      : [],
    incidentIds: incidentsResolvedBefore
      ? candidates.incidents
          .filter(
            (incident) =>
              incident.status === "resolved" &&
              incident.resolvedAt !== null &&
              incident.resolvedAt < incidentsResolvedBefore,
          )
          .map((incident) => incident.id)
      : [],
  };
}

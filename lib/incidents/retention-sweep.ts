import type { PrismaClient } from "@/lib/db/generated/client";
import { processLocks, type InstanceLocks } from "@/lib/db/instance-lock";
import { sweepsSkipped } from "@/lib/telemetry/metrics";
import { deleteIncident, deleteSnapshot, NoLongerExpiredError } from "./deletion";
import { NotFoundError } from "./errors";
import { retentionCutoffs, retentionVictims, type RetentionPolicy } from "./retention";
import { DERIVED_AUTHOR } from "./timeline";

// Applies the retention policy (retention.ts decides) to the database, a batch per sweep, and
// logs every row it removed. Started beside the timeline keeper (lib/startup.ts).

/** Rows examined per sweep: a backlog (retention turned on over years of snapshots) drains over several sweeps. */
export const RETENTION_BATCH = 200;

export interface RetentionOutcome {
  deletedSnapshots: number;
  deletedIncidents: number;
  failed: number;
}

type Log = Pick<Console, "info" | "warn" | "error"> & Partial<Pick<Console, "debug">>;

/**
 * Deletes resolved incidents past their retention first (their snapshots a share link opens
 * become unpinned), then unpinned snapshots past theirs, with the share links that open them.
 * A row another instance deleted meanwhile is skipped; any other failure is logged with the
 * row's id and counted, and the sweep goes on.
 */
export async function sweepRetention(
  db: PrismaClient,
  policy: RetentionPolicy,
  nowMs: number,
  log: Log = console,
): Promise<RetentionOutcome> {
  const outcome: RetentionOutcome = { deletedSnapshots: 0, deletedIncidents: 0, failed: 0 };
  const { snapshotsTakenBefore, incidentsResolvedBefore } = retentionCutoffs(policy, nowMs);
  const incidents = incidentsResolvedBefore
    ? await db.incident.findMany({
        where: { status: "resolved", resolvedAt: { lt: incidentsResolvedBefore } },
        select: { id: true, title: true, status: true, resolvedAt: true },
        orderBy: { resolvedAt: "asc" },
        take: RETENTION_BATCH,
      })
    : [];
  const { incidentIds } = retentionVictims({ snapshots: [], incidents }, policy, nowMs);
  for (const id of incidentIds) {
    const incident = incidents.find((candidate) => candidate.id === id)!;
    await removing(`resolved incident ${id}`, log, outcome, async () => {
      const deleted = await deleteIncident(db, id, incidentsResolvedBefore);
      outcome.deletedIncidents += 1;
      log.info(
        `[asyncscope] retention: deleted incident ${id} "${incident.title}" (resolved ${incident.resolvedAt?.toISOString()}, over ${policy.resolvedIncidentDays} days ago) with its timeline and ${deleted.deletedSnapshotIds.length} snapshot(s)${deleted.keptSnapshotIds.length > 0 ? `; kept, as share links open them: ${deleted.keptSnapshotIds.join(", ")}` : ""}`,
      );
    });
  }
  // Narrowed in the database to unpinned rows, so old pinned evidence never fills the batch
  // and stops the sweep from reaching what it may delete.
  const snapshots = snapshotsTakenBefore
    ? await db.snapshot.findMany({
        where: { takenAt: { lt: snapshotsTakenBefore }, incidentId: null, events: { none: {} } },
        select: { id: true, takenAt: true, workflowId: true },
        orderBy: { takenAt: "asc" },
        take: RETENTION_BATCH,
      })
    : [];
  const { snapshotIds } = retentionVictims(
    { snapshots: snapshots.map((snapshot) => ({ ...snapshot, pinned: false })), incidents: [] },
    policy,
    nowMs,
  );
  for (const id of snapshotIds) {
    const snapshot = snapshots.find((candidate) => candidate.id === id)!;
    await removing(`snapshot ${id}`, log, outcome, async () => {
      // Between the read and this delete someone may have pinned it: re-checked inside the
      // deletion's transaction, and then kept.
      const deleted = await deleteSnapshot(
        db,
        id,
        `${DERIVED_AUTHOR} retention`,
        new Date(nowMs),
        snapshotsTakenBefore,
      );
      outcome.deletedSnapshots += 1;
      log.info(
        `[asyncscope] retention: deleted snapshot ${id} of ${snapshot.workflowId} (taken ${snapshot.takenAt.toISOString()}, over ${policy.unpinnedSnapshotDays} days ago, pinned to no incident)${deleted.deletedShareLinks.length > 0 ? ` with the share links ${deleted.deletedShareLinks.map((slug) => `/s/${slug}`).join(", ")}` : ""}`,
      );
    });
  }
  if (outcome.deletedIncidents + outcome.deletedSnapshots + outcome.failed > 0)
    log.info(
      `[asyncscope] retention sweep: ${outcome.deletedIncidents} incident(s) and ${outcome.deletedSnapshots} snapshot(s) deleted, ${outcome.failed} failed`,
    );
  return outcome;
}

async function removing(what: string, log: Log, outcome: RetentionOutcome, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    // Another instance's sweep (or a person) deleted it first: the policy is served. Prisma's
    // P2025 is the same race caught at the delete itself.
    if (error instanceof NotFoundError || (error as { code?: unknown } | null)?.code === "P2025") return;
    if (error instanceof NoLongerExpiredError) {
      log.info(`[asyncscope] retention: ${error.message} (reopened or pinned since it was read)`);
      return;
    }
    outcome.failed += 1;
    log.error(
      `[asyncscope] retention: ${what} could not be deleted: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** How often retention runs: expiry is counted in days, an hour late is on time. */
export const RETENTION_INTERVAL_MS = 60 * 60_000;
const FIRST_SWEEP_AFTER_MS = 60_000;

export interface RetentionKeeper {
  stop(): void;
}

const KEEPER = Symbol.for("asyncscope.retention-keeper");
const holder = globalThis as unknown as Record<symbol, RetentionKeeper | undefined>;

/**
 * Runs a sweep every `intervalMs`, never two at once, one per interval across instances
 * sharing a PostgreSQL database (`openLocks`; the others skip, counted in
 * asyncscope_sweep_skipped_total{sweep="retention"}), one keeper per process (as the timeline
 * keeper: Next.js may call register() twice). The timer does not keep the process alive. A
 * sweep that fails as a whole (the database down) is logged; the next tick tries again.
 */
export function startRetentionKeeper(
  openDb: () => Promise<PrismaClient>,
  policy: RetentionPolicy,
  intervalMs: number,
  log: Log = console,
  openLocks: () => Promise<InstanceLocks> = async () => processLocks,
): RetentionKeeper {
  const running = holder[KEEPER];
  if (running) return running;
  let busy = false;
  const tick = async () => {
    if (busy) return; // a sweep over a large backlog is still deleting: it is the same work
    busy = true;
    try {
      const db = await openDb();
      const held = await (
        await openLocks()
      ).sweep("retention", intervalMs, () => sweepRetention(db, policy, Date.now(), log));
      if (!held.ran) {
        sweepsSkipped.inc({ sweep: "retention" });
        log.debug?.("[asyncscope] retention sweep: another instance is running it; skipped");
      }
    } catch (error) {
      log.error(`[asyncscope] retention sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  // The first sweep a minute after start, not an interval later: a server restarted every
  // day would otherwise rarely sweep; not at once either, while it is still starting.
  const first = setTimeout(() => void tick(), Math.min(FIRST_SWEEP_AFTER_MS, intervalMs));
  first.unref();
  const keeper: RetentionKeeper = {
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
      if (holder[KEEPER] === keeper) holder[KEEPER] = undefined;
    },
  };
  holder[KEEPER] = keeper;
  return keeper;
}

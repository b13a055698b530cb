import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import { MAX_WINDOW_MS } from "@/lib/view/time-range";
import { processLocks, type InstanceLocks } from "@/lib/db/instance-lock";
import { sweepsSkipped, timelineDerivations } from "@/lib/telemetry/metrics";
import { type TimelineEvaluator } from "./derive";
import { deriveAndRecord } from "./derivation-state";
import { isIncidentGone } from "./errors";

// Keeps incident timelines filled while the evidence still exists. Deriving on page load
// alone loses every transition nobody looked at before Prometheus' retention and Jaeger's
// TTL dropped it; this runs the same idempotent derivation in the background.

/** Resolved incidents stay in the sweep this long, so the last minutes before resolution get derived. */
export const RESOLVED_GRACE_MS = 30 * 60_000;

export interface SweepOutcome {
  incidents: number;
  recorded: number;
  failed: number;
  /** Incidents another instance was deriving at that moment (its page view or its sweep). */
  skipped: number;
}

type Log = Pick<Console, "info" | "warn" | "error"> & Partial<Pick<Console, "debug">>;

/** How long one incident's derivation holds its lock (PostgreSQL): past it, the lock is let go. */
export const INCIDENT_HOLD_MS = 5 * 60_000;

/**
 * Derives the timeline of every incident that is open, or resolved within RESOLVED_GRACE_MS,
 * up to `nowMs`; not incidents started more than 7 days (the longest window evaluated) before
 * that, whose derivable part is done. One incident failing (its database row, a bug) is
 * logged with its id and counted; the others still run. What derive could not do (a source
 * down, a workflow gone) is logged per incident when it changes: `reported` holds what was
 * said last time, so a source that stays down is one line, not one per sweep.
 */
export async function sweepIncidentTimelines(
  db: PrismaClient,
  nowMs: number,
  log: Log = console,
  evaluate?: TimelineEvaluator,
  reported: Map<string, string> = new Map(),
  locks: InstanceLocks = processLocks,
): Promise<SweepOutcome> {
  const incidents = await db.incident.findMany({
    where: {
      startedAt: { gte: new Date(nowMs - MAX_WINDOW_MS - RESOLVED_GRACE_MS) },
      OR: [{ status: { not: "resolved" } }, { resolvedAt: { gte: new Date(nowMs - RESOLVED_GRACE_MS) } }],
    },
    select: { id: true, startedAt: true, resolvedAt: true, workflowIds: true },
    orderBy: { startedAt: "asc" },
  });
  const outcome: SweepOutcome = { incidents: incidents.length, recorded: 0, failed: 0, skipped: 0 };
  for (const incident of incidents) {
    try {
      const held = await locks.incident(incident.id, INCIDENT_HOLD_MS, () =>
        deriveAndRecord(db, incident, nowMs, evaluate),
      );
      if (!held.ran) {
        outcome.skipped += 1;
        sweepsSkipped.inc({ sweep: "incident" });
        log.debug?.(`[asyncscope] timeline of incident ${incident.id}: another instance is deriving it; skipped`);
        continue;
      }
      const { recorded, problems } = held.value;
      outcome.recorded += recorded;
      timelineDerivations.inc({ outcome: problems.length > 0 ? "partial" : "ok" });
      if (recorded > 0) log.info(`[asyncscope] timeline of incident ${incident.id}: ${recorded} event(s) derived`);
      const said = problems.join("; ");
      if (said !== (reported.get(incident.id) ?? "")) {
        if (said) log.warn(`[asyncscope] timeline of incident ${incident.id} is incomplete: ${said}`);
        else
          log.info(
            `[asyncscope] timeline of incident ${incident.id}: complete again (every workflow evaluated, every source answered)`,
          );
      }
      reported.set(incident.id, said);
    } catch (error) {
      reported.delete(incident.id);
      if (isIncidentGone(error)) {
        timelineDerivations.inc({ outcome: "gone" });
        log.info(`[asyncscope] timeline of incident ${incident.id}: deleted while it was derived; nothing stored`);
        continue;
      }
      outcome.failed += 1;
      timelineDerivations.inc({ outcome: "failed" });
      log.error(
        `[asyncscope] timeline of incident ${incident.id} could not be derived: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  // Incidents that left the sweep (resolved long enough, or past 7 days) are forgotten.
  const swept = new Set(incidents.map((incident) => incident.id));
  for (const id of reported.keys()) if (!swept.has(id)) reported.delete(id);
  return outcome;
}

/** The most a timeline sweep's lock is kept: the idle connection it holds is held this long at most. */
export const TIMELINE_LOCK_MAX_KEPT_MS = 5 * 60_000;
/** How long before the interval's end the kept lock is let go, so this instance's own next tick finds it free. */
const TIMELINE_LOCK_RELEASE_EARLY_MS = 2000;

/**
 * How long a successful timeline sweep keeps its lock from its start: most of the interval,
 * because a lock let go when a short sweep ended would let every other instance, ticking at
 * another moment of the interval, sweep too (N instances, N× the upstream queries). It is let
 * go shortly before the interval ends (a tenth of a short interval), and kept at most
 * TIMELINE_LOCK_MAX_KEPT_MS: with a longer interval two instances may sweep once each in it.
 */
export function timelineLockKeptMs(intervalMs: number): number {
  return Math.min(intervalMs - Math.min(TIMELINE_LOCK_RELEASE_EARLY_MS, intervalMs / 10), TIMELINE_LOCK_MAX_KEPT_MS);
}

export interface TimelineKeeper {
  stop(): void;
}

const KEEPER = Symbol.for("asyncscope.timeline-keeper");
const holder = globalThis as unknown as Record<symbol, TimelineKeeper | undefined>;

/**
 * Runs a sweep every `intervalMs`, never two at once (a slow Prometheus must not pile sweeps
 * up), one per interval across instances sharing a PostgreSQL database (`openLocks`; the
 * others skip, counted in asyncscope_sweep_skipped_total{sweep="timeline"}), and one keeper
 * per process: a second start (Next.js calling register() again, as
 * some versions have) returns the running one. The timer does not keep the process alive.
 * A sweep that cannot even list incidents is logged and counted; the next tick tries again.
 */
export function startTimelineKeeper(
  openDb: () => Promise<PrismaClient>,
  intervalMs: number,
  log: Log = console,
  openLocks: () => Promise<InstanceLocks> = async () => processLocks,
): TimelineKeeper {
  const running = holder[KEEPER];
  if (running) return running;
  const reported = new Map<string, string>();
  let busy = false;
  const tick = async () => {
    if (busy) {
      log.warn(`[asyncscope] timeline sweep still running after ${intervalMs / 1000} s; skipping this one`);
      return;
    }
    busy = true;
    try {
      const db = await openDb();
      const locks = await openLocks();
      // One sweep per interval across every instance sharing the database (timelineLockKeptMs);
      // after a sweep where an incident failed, the lock goes at once, so that another instance
      // (a newer config, a working path to the database) may do better at its next tick.
      const held = await locks.sweep(
        "timeline",
        intervalMs,
        () => sweepIncidentTimelines(db, Date.now(), log, undefined, reported, locks),
        (outcome) => (outcome.failed === 0 ? timelineLockKeptMs(intervalMs) : 0),
      );
      if (!held.ran) {
        sweepsSkipped.inc({ sweep: "timeline" });
        log.debug?.("[asyncscope] timeline sweep: another instance is running it; skipped");
      }
    } catch (error) {
      timelineDerivations.inc({ outcome: "failed" });
      log.error(`[asyncscope] timeline sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const keeper: TimelineKeeper = {
    stop: () => {
      clearInterval(timer);
      if (holder[KEEPER] === keeper) holder[KEEPER] = undefined;
    },
  };
  holder[KEEPER] = keeper;
  return keeper;
}

import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import { timelineDerivations } from "@/lib/telemetry/metrics";
import { deriveIncidentTimeline, type TimelineEvaluator } from "./derive";

// Keeps incident timelines filled while the evidence still exists. Deriving on page load
// alone loses every transition nobody looked at before Prometheus' retention and Jaeger's
// TTL dropped it; this runs the same idempotent derivation in the background.

/** Resolved incidents stay in the sweep this long, so the last minutes before resolution get derived. */
export const RESOLVED_GRACE_MS = 30 * 60_000;

export interface SweepOutcome {
  incidents: number;
  recorded: number;
  failed: number;
}

type Log = Pick<Console, "info" | "warn" | "error">;

/**
 * Derives the timeline of every incident that is open, or resolved within RESOLVED_GRACE_MS,
 * up to `nowMs`. One incident failing (its database row, a bug) is logged with its id and
 * counted; the others still run. Sources that were down are logged as the problems derive
 * reports, so a gap in a timeline has a line in the server log saying why.
 */
export async function sweepIncidentTimelines(db: PrismaClient, nowMs: number, log: Log = console, evaluate?: TimelineEvaluator): Promise<SweepOutcome> {
  const incidents = await db.incident.findMany({
    where: { OR: [{ status: { not: "resolved" } }, { resolvedAt: { gte: new Date(nowMs - RESOLVED_GRACE_MS) } }] },
    select: { id: true, startedAt: true, resolvedAt: true, workflowIds: true },
    orderBy: { startedAt: "asc" },
  });
  const outcome: SweepOutcome = { incidents: incidents.length, recorded: 0, failed: 0 };
  for (const incident of incidents) {
    try {
      const { recorded, problems } = await deriveIncidentTimeline(db, incident, nowMs, evaluate);
      outcome.recorded += recorded;
      timelineDerivations.inc({ outcome: problems.length > 0 ? "partial" : "ok" });
      if (recorded > 0) log.info(`[asyncscope] timeline of incident ${incident.id}: ${recorded} event(s) derived`);
      for (const problem of problems) log.warn(`[asyncscope] timeline of incident ${incident.id}: ${problem}`);
    } catch (error) {
      outcome.failed += 1;
      timelineDerivations.inc({ outcome: "failed" });
      log.error(`[asyncscope] timeline of incident ${incident.id} could not be derived: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return outcome;
}

export interface TimelineKeeper {
  stop(): void;
}

/**
 * Runs a sweep every `intervalMs`, never two at once (a slow Prometheus must not pile sweeps
 * up). The timer does not keep the process alive. A sweep that cannot even list incidents
 * is logged and the next tick tries again.
 */
export function startTimelineKeeper(openDb: () => Promise<PrismaClient>, intervalMs: number, log: Log = console): TimelineKeeper {
  let running = false;
  const tick = async () => {
    if (running) {
      log.warn(`[asyncscope] timeline sweep still running after ${intervalMs / 1000} s; skipping this one`);
      return;
    }
    running = true;
    try {
      await sweepIncidentTimelines(await openDb(), Date.now(), log);
    } catch (error) {
      timelineDerivations.inc({ outcome: "failed" });
      log.error(`[asyncscope] timeline sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

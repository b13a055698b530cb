import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import { WorkflowNotFoundError, workflowHealth } from "@/lib/evaluate";
import { MAX_WINDOW_MS } from "@/lib/evaluate/window";
import { recordDerivedEvents } from "./repository";
import { deriveTimelineEvents } from "./timeline";

export interface DeriveOutcome {
  recorded: number;
  /** Why part of the timeline could not be derived (a source down, a workflow gone). Shown on the page. */
  problems: string[];
}

/**
 * Fills an incident's timeline from the status transitions of its workflows' checks over
 * the incident window (start → resolution, or now). Idempotent: events already recorded
 * are kept as they are. Never throws for an unreachable source; says so in `problems`.
 */
export async function deriveIncidentTimeline(
  db: PrismaClient,
  incident: { id: string; startedAt: Date; resolvedAt: Date | null; workflowIds: string[] },
  nowMs: number,
): Promise<DeriveOutcome> {
  const fromMs = incident.startedAt.getTime();
  const endMs = Math.min(incident.resolvedAt?.getTime() ?? nowMs, nowMs);
  if (endMs <= fromMs) return { recorded: 0, problems: ["the incident starts in the future: nothing to derive yet"] };
  const toMs = Math.min(endMs, fromMs + MAX_WINDOW_MS);
  const problems: string[] = toMs < endMs ? ["only the first 7 days of the incident were evaluated"] : [];
  let recorded = 0;
  for (const workflowId of incident.workflowIds) {
    try {
      const health = await workflowHealth(workflowId, { fromMs, toMs });
      for (const source of health.sources) {
        if (source.status === "down" || source.status === "degraded") problems.push(`${workflowId}: ${source.name} ${source.status} (${source.message}); transitions that depend on it are missing`);
      }
      recorded += await recordDerivedEvents(db, incident.id, deriveTimelineEvents(workflowId, health.transitions));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      problems.push(`${workflowId}: no longer in the config, so its checks cannot be evaluated`);
    }
  }
  return { recorded, problems };
}

import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { WorkflowHealth } from "@/lib/analysis/types";
import { WorkflowNotFoundError, type EvaluationWindow } from "@/lib/evaluate";
import { workflowHealth } from "@/lib/view/health";
import { MAX_WINDOW_MS } from "@/lib/view/time-range";
import type { NewTimelineEvent } from "./repository";
import { recordDerivedEvents } from "./repository";
import { deriveTimelineEvents, timelineGridMs } from "./timeline";

export interface DerivedEvents {
  events: NewTimelineEvent[];
  /** Why part of the timeline could not be derived (a source down, a workflow gone). Shown on the page. */
  problems: string[];
}

export interface DeriveOutcome {
  recorded: number;
  problems: string[];
}

/** Evaluates one workflow over the incident window, judging transitions on the given grid. */
export type TimelineEvaluator = (
  workflowId: string,
  window: EvaluationWindow,
  transitionGridMs: number,
) => Promise<WorkflowHealth>;

const evaluateLive: TimelineEvaluator = (workflowId, window, transitionGridMs) =>
  workflowHealth(workflowId, window, { transitionGridMs });

/**
 * The timeline events the status transitions of an incident's workflows' checks give over
 * the incident window (start → resolution, or now), on a grid that does not move with `now`
 * (timeline.ts), so deriving again later finds the same events. Never throws for an
 * unreachable source or a workflow gone from the config; says so in `problems`.
 */
export async function deriveIncidentEvents(
  incident: { startedAt: Date; resolvedAt: Date | null; workflowIds: string[] },
  nowMs: number,
  evaluate: TimelineEvaluator = evaluateLive,
): Promise<DerivedEvents> {
  const fromMs = incident.startedAt.getTime();
  const endMs = Math.min(incident.resolvedAt?.getTime() ?? nowMs, nowMs);
  if (endMs <= fromMs) return { events: [], problems: ["the incident starts in the future: nothing to derive yet"] };
  const toMs = Math.min(endMs, fromMs + MAX_WINDOW_MS);
  const problems: string[] = toMs < endMs ? ["only the first 7 days of the incident were evaluated"] : [];
  const gridMs = timelineGridMs(toMs - fromMs);
  const events: NewTimelineEvent[] = [];
  for (const workflowId of incident.workflowIds) {
    try {
      const health = await evaluate(workflowId, { fromMs, toMs }, gridMs);
      for (const source of health.sources) {
        if (source.status === "down" || source.status === "degraded")
          problems.push(
            `${workflowId}: ${source.name} ${source.status} (${source.message}); transitions that depend on it are missing`,
          );
      }
      events.push(...deriveTimelineEvents(workflowId, health.transitions, gridMs));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      problems.push(`${workflowId}: no longer in the config, so its checks cannot be evaluated`);
    }
  }
  return { events, problems };
}

/**
 * Fills an incident's timeline from its workflows' check transitions. Idempotent: events
 * the timeline already holds are not added again, however often (and whenever) it runs.
 */
export async function deriveIncidentTimeline(
  db: PrismaClient,
  incident: { id: string; startedAt: Date; resolvedAt: Date | null; workflowIds: string[] },
  nowMs: number,
  evaluate: TimelineEvaluator = evaluateLive,
): Promise<DeriveOutcome> {
  const { events, problems } = await deriveIncidentEvents(incident, nowMs, evaluate);
  const recorded = events.length > 0 ? await recordDerivedEvents(db, incident.id, events) : 0;
  return { recorded, problems };
}

import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import { errorText } from "@/lib/db/errors";
import { deriveIncidentTimeline, type DeriveOutcome, type TimelineEvaluator } from "./derive";
import { isIncidentGone } from "./errors";

// What the last derivation of an incident's timeline gave, stored beside the timeline, so
// the incident page can say how fresh the timeline it shows is (and what could not be
// derived) without deriving on GET, on whichever instance serves the page.

export interface DerivationState {
  /** When a derivation last started, whatever came of it. */
  attemptedAt: Date;
  /** The "now" the last successful derivation evaluated up to; undefined before the first success. */
  derivedAt: Date | undefined;
  /** What the last successful derivation could not derive. */
  problems: string[];
  /** Why the last attempt failed as a whole; undefined when it succeeded. */
  failure: string | undefined;
}

type Incident = { id: string; startedAt: Date; resolvedAt: Date | null; workflowIds: string[] };

/**
 * Derives the incident's timeline up to `nowMs` and stores how that went: the instant and the
 * problems on success, the error's message on failure (then rethrown, for the caller to log
 * and count).
 */
export async function deriveAndRecord(
  db: PrismaClient,
  incident: Incident,
  nowMs: number,
  evaluate?: TimelineEvaluator,
): Promise<DeriveOutcome> {
  const attemptedAt = new Date(nowMs);
  let outcome: DeriveOutcome;
  try {
    outcome = await deriveIncidentTimeline(db, incident, nowMs, evaluate);
  } catch (error) {
    // Deleted while it was being derived: there is no incident page left to show a failure on.
    if (isIncidentGone(error)) throw error;
    const failure = errorText(error);
    await db.timelineDerivation
      .upsert({
        where: { incidentId: incident.id },
        create: { incidentId: incident.id, attemptedAt, problems: [], failure },
        update: { attemptedAt, failure },
      })
      .catch((recording: unknown) => {
        // Both are said: the derivation's failure, and that the page cannot show it.
        throw new Error(`${failure}; storing that failure for the incident page failed too: ${errorText(recording)}`, {
          cause: error,
        });
      });
    throw error;
  }
  await db.timelineDerivation.upsert({
    where: { incidentId: incident.id },
    create: { incidentId: incident.id, attemptedAt, derivedAt: attemptedAt, problems: outcome.problems },
    update: { attemptedAt, derivedAt: attemptedAt, problems: outcome.problems, failure: null },
  });
  return outcome;
}

/** The last derivation of the incident's timeline, or undefined when it was never derived. */
export async function readDerivationState(db: PrismaClient, incidentId: string): Promise<DerivationState | undefined> {
  const row = await db.timelineDerivation.findUnique({ where: { incidentId } });
  if (!row) return undefined;
  return {
    attemptedAt: row.attemptedAt,
    derivedAt: row.derivedAt ?? undefined,
    problems: row.problems,
    failure: row.failure ?? undefined,
  };
}

/**
 * What a review says about the timeline it holds: what the last derivation could not derive,
 * whether it failed, or that none ran yet; nothing for a complete derivation (times in ISO 8601, UTC).
 */
export function derivationNotes(state: DerivationState | undefined): string[] {
  if (!state) return ["the timeline has not been derived from the workflows' checks yet; it is being derived now"];
  const notes = [...state.problems];
  if (state.failure)
    notes.push(`the last derivation, started ${state.attemptedAt.toISOString()}, failed: ${state.failure}`);
  if (!state.derivedAt) notes.push("the timeline has never been derived successfully");
  return notes;
}

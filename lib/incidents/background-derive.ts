import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { InstanceLocks } from "@/lib/db/instance-lock";
import { errorText } from "@/lib/db/errors";
import { sweepsSkipped, timelineDerivations } from "@/lib/telemetry/metrics";
import type { TimelineEvaluator } from "./derive";
import { deriveAndRecord, type DerivationState } from "./derivation-state";
import { INCIDENT_HOLD_MS } from "./timeline-keeper";
import { isIncidentGone } from "./errors";

// The fresh derivation an incident page (or its review export) asks for after its response:
// the GET shows what is stored and never waits on upstreams or writes. One derivation per
// incident in flight per process (a page reloaded ten times asks once), and on PostgreSQL one
// across instances (the incident's advisory lock, shared with the timeline sweep).

type Incident = { id: string; startedAt: Date; resolvedAt: Date | null; workflowIds: string[] };
type Log = Pick<Console, "info" | "warn" | "error"> & Partial<Pick<Console, "debug">>;

export interface RefreshDeps {
  openDb: () => Promise<PrismaClient>;
  openLocks: () => Promise<InstanceLocks>;
  now?: () => number;
  evaluate?: TimelineEvaluator;
  log?: Log;
}

const IN_FLIGHT = Symbol.for("asyncscope.timeline-refresh");
const holder = globalThis as unknown as Record<symbol, Map<string, Promise<void>> | undefined>;
const inFlight = (holder[IN_FLIGHT] ??= new Map());

/** A derivation attempted this recently is fresh enough: a page view does not ask for another. */
export const FRESH_FOR_MS = 15_000;

/**
 * Whether a view should ask for a fresh derivation: not when the timeline is final, nor when
 * a derivation started within FRESH_FOR_MS (the view that follows it, by the viewer or by
 * RefreshWhenDerived, would otherwise start the next one).
 */
export function timelineNeedsRefresh(
  incident: Pick<Incident, "resolvedAt">,
  state: DerivationState | undefined,
  nowMs: number,
): boolean {
  if (timelineIsFinal(incident, state)) return false;
  return state === undefined || nowMs - state.attemptedAt.getTime() >= FRESH_FOR_MS;
}

/**
 * Whether the stored timeline can still change: not when the incident is resolved and a
 * complete derivation ran after its resolution (deriving again would only meet evidence that
 * Prometheus' retention or Jaeger's TTL has since dropped).
 */
export function timelineIsFinal(incident: Pick<Incident, "resolvedAt">, state: DerivationState | undefined): boolean {
  return (
    incident.resolvedAt !== null &&
    state?.derivedAt !== undefined &&
    state.derivedAt >= incident.resolvedAt &&
    state.problems.length === 0 &&
    state.failure === undefined
  );
}

/**
 * Derives the incident's timeline up to now and stores the outcome, unless a derivation of it
 * is already in flight here (that one is returned) or on another instance (skipped, counted).
 * Never rejects: a failure is logged with the incident's id, counted, and stored for the page.
 */
export function refreshTimeline(incident: Incident, deps: RefreshDeps): Promise<void> {
  const running = inFlight.get(incident.id);
  if (running) return running;
  const { log = console, now = Date.now } = deps;
  const work = (async () => {
    const db = await deps.openDb();
    const locks = await deps.openLocks();
    const held = await locks.incident(incident.id, INCIDENT_HOLD_MS, () =>
      deriveAndRecord(db, incident, now(), deps.evaluate),
    );
    if (!held.ran) {
      sweepsSkipped.inc({ sweep: "incident" });
      log.debug?.(`[asyncscope] timeline of incident ${incident.id}: another instance is deriving it; skipped`);
      return;
    }
    timelineDerivations.inc({ outcome: held.value.problems.length > 0 ? "partial" : "ok" });
    if (held.value.recorded > 0)
      log.info(`[asyncscope] timeline of incident ${incident.id}: ${held.value.recorded} event(s) derived`);
  })()
    .catch((error: unknown) => {
      if (isIncidentGone(error)) {
        timelineDerivations.inc({ outcome: "gone" });
        log.info(`[asyncscope] timeline of incident ${incident.id}: deleted while it was derived; nothing stored`);
        return;
      }
      timelineDerivations.inc({ outcome: "failed" });
      log.error(`[asyncscope] timeline of incident ${incident.id} could not be derived: ${errorText(error)}`);
    })
    .finally(() => inFlight.delete(incident.id));
  inFlight.set(incident.id, work);
  return work;
}

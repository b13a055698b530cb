// Time to detect and time to resolve, read off an incident's timeline (docs/incidents.md):
//
//   detect  = first transition to critical (any check, any workflow) − the incident's start,
//             or − the first signal (an alert, a warning) when that came before the start
//   resolve = the moment every workflow's verdict was back to ok for good − the same start
//
// Pure: the incident and its stored events come in. A time that cannot be read off the
// timeline is said with its reason (no critical transition, verdict never back to ok), never
// shown as 0 or replaced by the hand-set resolvedAt.
import type { CheckStatus } from "@/lib/analysis/types";
import { parseDerivedKey } from "./timeline";

export interface TimelineEventLike {
  at: Date;
  kind: string;
  workflowId: string | null;
  dedupeKey: string | null;
}

/** The status a derived event changed a check (or a verdict) to; undefined for anything else. */
export function derivedChange(
  event: Pick<TimelineEventLike, "dedupeKey">,
): { checkId: string; from: string | undefined; to: CheckStatus } | undefined {
  const key = event.dedupeKey ? parseDerivedKey(event.dedupeKey) : undefined;
  if (!key || !isStatus(key.to)) return undefined;
  return { checkId: key.checkId, from: key.from, to: key.to };
}

function isStatus(text: string): text is CheckStatus {
  return text === "ok" || text === "warning" || text === "critical" || text === "unknown";
}

export type Elapsed = { ok: true; ms: number; atMs: number; since: string } | { ok: false; reason: string };

export interface ResponseTimes {
  /** The instant both are measured from, and what it is. */
  startMs: number;
  startIs: string;
  detect: Elapsed;
  resolve: Elapsed;
}

export function responseTimes(
  incident: { startedAt: Date; resolvedAt: Date | null; workflowIds: string[] },
  events: readonly TimelineEventLike[],
): ResponseTimes {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const changes = sorted.flatMap((event) => {
    const change = derivedChange(event);
    return change ? [{ event, ...change }] : [];
  });
  // The first signal: an alert, or any check going bad, if it came before the incident was opened.
  const firstSignal = sorted.find(
    (e) => e.kind === "alert" || changes.some((c) => c.event === e && (c.to === "warning" || c.to === "critical")),
  );
  const startedMs = incident.startedAt.getTime();
  const early = firstSignal && firstSignal.at.getTime() < startedMs ? firstSignal.at.getTime() : undefined;
  const startMs = early ?? startedMs;
  const startIs = early !== undefined ? "the first signal" : "the incident's start";

  const critical = changes.find((c) => c.to === "critical");
  const detect: Elapsed = critical
    ? { ok: true, ms: critical.event.at.getTime() - startMs, atMs: critical.event.at.getTime(), since: startIs }
    : { ok: false, reason: "no check went critical on the timeline" };

  const resolve = backToOk(incident.workflowIds, changes, startMs, startIs, incident.resolvedAt !== null);
  return { startMs, startIs, detect, resolve };
}

/** When every workflow's verdict went back to ok after going bad, and stayed so to the end of the timeline. */
function backToOk(
  workflowIds: readonly string[],
  changes: ReadonlyArray<{ event: TimelineEventLike; checkId: string; to: CheckStatus }>,
  startMs: number,
  startIs: string,
  markedResolved: boolean,
): Elapsed {
  let latestMs = -Infinity;
  const notBack: string[] = [];
  let stillBad = false;
  for (const workflowId of workflowIds) {
    const verdicts = changes.filter((c) => c.checkId === "verdict" && c.event.workflowId === workflowId);
    const lastBad = verdicts.findLastIndex((c) => c.to !== "ok");
    const recovery = lastBad >= 0 ? verdicts.slice(lastBad + 1).find((c) => c.to === "ok") : undefined;
    if (!recovery) {
      stillBad ||= lastBad >= 0;
      notBack.push(
        lastBad >= 0 ? `${workflowId}'s verdict is not back to ok` : `${workflowId}'s verdict never went bad`,
      );
      continue;
    }
    latestMs = Math.max(latestMs, recovery.event.at.getTime());
  }
  if (notBack.length) {
    const reason = `${notBack.join("; ")} on the timeline`;
    // Marked resolved by hand while the timeline still shows a bad verdict (the sources' data
    // ends first, or someone resolved early): "not known" alone reads like a fault of the page.
    return markedResolved && stillBad
      ? {
          ok: false,
          reason: `the incident is marked resolved, but ${reason}; the time to resolve is read off the verdict, not the status`,
        }
      : { ok: false, reason };
  }
  if (!Number.isFinite(latestMs)) return { ok: false, reason: "the incident names no workflow" };
  return { ok: true, ms: latestMs - startMs, atMs: latestMs, since: startIs };
}

// The verdict in one line, for the top of a workflow page (issue 11: on a phone the verdict box
// sat below the toolbar, off the first screen). Pure: the page and its tests share it.
import type { Check, WorkflowHealth } from "@/lib/analysis/types";

export interface Headline {
  status: WorkflowHealth["status"];
  /** "Not working", "Degraded", … */
  words: string;
  /** The worst failing check and the first sentence of what it found, or the verdict's summary. */
  lead: string;
  /** How many other checks are failing. */
  more: number;
}

export const VERDICT_WORDS: Record<WorkflowHealth["status"], string> = {
  critical: "Not working",
  warning: "Degraded",
  unknown: "Cannot tell: data is missing",
  ok: "Working",
};

const RANK = { critical: 0, warning: 1 } as const;
/** Long enough for a queue name and a count, short enough for two lines on a phone. */
const LEAD_CHARS = 160;

/** The first sentence (a period followed by a space or the end), cut at LEAD_CHARS. */
export function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  const sentence = end >= 0 ? text.slice(0, end + 1) : text;
  return sentence.length > LEAD_CHARS ? `${sentence.slice(0, LEAD_CHARS - 1).trimEnd()}…` : sentence;
}

export function headlineOf(health: Pick<WorkflowHealth, "status" | "summary" | "checks">, stale = false): Headline {
  // An ok from data that can no longer be refreshed is not shown as ok (as the verdict box).
  const status = stale && health.status === "ok" ? "unknown" : health.status;
  const words = stale && health.status === "ok" ? "Cannot tell now: refresh failing" : VERDICT_WORDS[status];
  const failing = health.checks
    .filter((c): c is Check & { status: "critical" | "warning" } => c.status === "critical" || c.status === "warning")
    .sort((a, b) => RANK[a.status] - RANK[b.status]);
  const worst = failing[0];
  return {
    status,
    words,
    lead: worst ? `${worst.title}: ${firstSentence(worst.summary)}` : firstSentence(health.summary),
    more: Math.max(0, failing.length - 1),
  };
}

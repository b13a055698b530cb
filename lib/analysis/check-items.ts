// Building a check from per-subject items (one per destination, dead-letter destination, …):
// the worst item is the status, the bad items make the summary, and one source failure is said
// once. A check whose only problem is a source nobody configured says "not configured" and
// does not hold the verdict back; one that read a partial answer is not "ok" from it.
import { capitalise, whereText, type BrokerVocabulary } from "@/lib/domain/destination";
import type { SourceName } from "@/lib/domain/source";
import type { DestinationView } from "./destination-view";
import { emptyEvidence, worst } from "./status";
import type { Check, CheckId, EvidenceItem, Unobserved } from "./types";

export const TITLES: Record<string, string> = {
  "consumers-alive": "Consumers alive",
  "acks-progressing": "Acks progressing",
  "throughput-balance": "Throughput balance",
  backlog: "Backlog and lag",
  "oldest-message-age": "Oldest message age",
  "dead-letters": "Dead letters",
  redeliveries: "Redeliveries",
  "unexpected-consumers": "Unexpected consumers",
  "trace-completeness": "Trace completeness",
  "orphan-publishes": "Orphan publishes",
  "silent-drops": "Silent drops",
  "clock-skew": "Clock skew",
};

export interface ItemResult extends EvidenceItem {
  reason?: string;
  source?: SourceName;
  /** The item is unknown only because a source is not configured. */
  unconfigured?: boolean;
  /** What the sources warned about the data this item read. */
  warnings?: string[];
}

export const unknownItem = (subject: string, p: Unobserved | { source: SourceName; reason: string }): ItemResult => ({
  subject,
  status: "unknown",
  text: p.reason,
  values: {},
  reason: p.reason,
  source: p.source,
  ...("unconfigured" in p && p.unconfigured ? { unconfigured: true } : {}),
});

/** The sentence for a check that cannot run because `source` is not configured. */
export function notConfigured(source: SourceName, checkId: CheckId): string {
  return `not configured: add sources.${source} to judge ${TITLES[checkId]!.toLowerCase()}`;
}

/** Warnings (partial answers) of the points an item read, to attach to it. */
export function warningsOf(...points: Array<{ ok: boolean; warnings?: string[] } | undefined>): string[] {
  return [...new Set(points.flatMap((p) => (p?.ok && p.warnings ? p.warnings : [])))];
}

/**
 * A check that came out ok from data a source warned about (Thanos, Mimir or Cortex answering
 * without some of their stores) cannot vouch for it: unknown, with the warning as the reason.
 * A problem found in partial data is still a problem and keeps its status.
 */
export function distrustPartial(check: Check): Check {
  const warnings = check.evidence.warnings;
  if (check.status !== "ok" || !warnings?.length) return check;
  const reason = `the answer may be partial: ${warnings.join("; ")}`;
  return { ...check, status: "unknown", summary: `Cannot tell: ${reason}`, reason };
}

/** Builds a check from per-subject items: status = worst item; summary from the bad ones. */
export function fromItems(
  id: CheckId,
  items: ItemResult[],
  sources: SourceName[],
  okSummary: string,
  matters = true,
): Check {
  const status = items.length ? worst(items.map((i) => i.status)) : "unknown";
  const bad = items.filter((i) => i.status === "critical" || i.status === "warning");
  const unknown = items.filter((i) => i.status === "unknown");
  // One source failure usually hits every destination: say each reason once, with the subjects it hit.
  const byReason = new Map<string, string[]>();
  for (const i of unknown) {
    const reason = i.unconfigured && i.source ? notConfigured(i.source, id) : (i.reason ?? i.text);
    byReason.set(reason, [...(byReason.get(reason) ?? []), i.subject]);
  }
  const reasons = [...byReason]
    .map(([reason, subjects]) =>
      subjects.length === items.length && items.length > 1 ? reason : `${subjects.join(", ")}: ${reason}`,
    )
    .join("; ");
  // Unknown only for want of a source nobody configured: say so, and do not hold the verdict back.
  const onlyUnconfigured = status === "unknown" && unknown.length > 0 && unknown.every((i) => i.unconfigured);
  const reason = onlyUnconfigured ? [...byReason.keys()].join("; ") : reasons || "nothing to judge";
  const summary =
    bad.length > 0 ? bad.map((i) => i.text).join(" ") : status === "unknown" ? `Cannot tell: ${reason}` : okSummary;
  const warnings = [...new Set(items.flatMap((i) => i.warnings ?? []))];
  const check: Check = {
    id,
    status,
    title: TITLES[id]!,
    summary,
    evidence: {
      ...emptyEvidence(),
      items: items.map(({ reason: _r, source: _s, unconfigured: _u, warnings: _w, ...item }) => item),
      ...(warnings.length ? { warnings } : {}),
    },
    sources,
    matters: matters && !onlyUnconfigured,
  };
  if (status === "unknown") check.reason = reason;
  return distrustPartial(check);
}

export function missingItem(view: DestinationView, words: BrokerVocabulary): ItemResult {
  const where = whereText(view.ref);
  return {
    subject: view.ref.name,
    status: "critical",
    text: `${capitalise(words.destination)} ${view.ref.name} does not exist on the broker${where ? ` (${where})` : ""}: nothing can be delivered to it.`,
    values: { exists: false },
  };
}

// Building a check from per-subject items (one per queue, DLQ, …): the worst item is the
// status, the bad items make the summary, and one source failure is said once.
import type { SourceName } from "@/lib/domain/source";
import type { QueueView } from "./queue-view";
import { last } from "./series";
import { emptyEvidence, worst } from "./status";
import type { Check, CheckId, EvidenceItem } from "./types";

export const TITLES: Record<string, string> = {
  "consumers-alive": "Consumers alive",
  "acks-progressing": "Acks progressing",
  "throughput-balance": "Throughput balance",
  backlog: "Backlog and lag",
  "oldest-message-age": "Oldest message age",
  "dead-letters": "Dead letters",
  redeliveries: "Redeliveries",
  "unexpected-consumers": "Unexpected consumers",
};

export interface ItemResult extends EvidenceItem {
  reason?: string;
  source?: SourceName;
}

export const unknownItem = (subject: string, p: { source: SourceName; reason: string }): ItemResult => ({
  subject,
  status: "unknown",
  text: p.reason,
  values: {},
  reason: p.reason,
  source: p.source,
});

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
  // One source failure usually hits every queue: say each reason once, with the queues it hit.
  const byReason = new Map<string, string[]>();
  for (const i of unknown) {
    const reason = i.reason ?? i.text;
    byReason.set(reason, [...(byReason.get(reason) ?? []), i.subject]);
  }
  const reasons = [...byReason]
    .map(([reason, subjects]) =>
      subjects.length === items.length && items.length > 1 ? reason : `${subjects.join(", ")}: ${reason}`,
    )
    .join("; ");
  const summary =
    bad.length > 0
      ? bad.map((i) => i.text).join(" ")
      : status === "unknown"
        ? `Cannot tell: ${reasons || "no queue to judge"}`
        : okSummary;
  const check: Check = {
    id,
    status,
    title: TITLES[id]!,
    summary,
    evidence: { ...emptyEvidence(), items: items.map(({ reason: _r, source: _s, ...item }) => item) },
    sources,
    matters,
  };
  if (status === "unknown") check.reason = reasons || "no queue to judge";
  return check;
}

export function currentValue(view: QueueView, field: "ready" | "consumers"): number | undefined {
  const snap = view.snapshot?.[field]?.value;
  if (snap !== undefined) return snap;
  const points = view[field];
  return points.ok ? last(points.points)?.value : undefined;
}

export function missingItem(view: QueueView): ItemResult {
  return {
    subject: view.ref.name,
    status: "critical",
    text: `Queue ${view.ref.name} does not exist on the broker (vhost ${view.ref.vhost}): nothing can be delivered to it.`,
    values: { exists: false },
  };
}

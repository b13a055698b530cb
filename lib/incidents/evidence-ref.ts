// What a pin points at inside its snapshot, and the link that lands there. Pure and
// client-safe: the request schema (schemas.ts), pinEvidence, the timeline and the review
// export share these rules, so every ref that is stored is one a link can be built from,
// and nothing but a panel id, a hex trace id or a known step id ever reaches a URL.
import type { ChecklistStep, WorkflowSignals } from "@/lib/analysis/types";
import { CHART_PANELS, CHECKLIST_STEP_IDS, checklistStepAnchor, TRACE_LIST_ANCHOR } from "@/lib/view/anchors";

/** A panel's element id: lowercase letters, digits and dashes, safe in a URL fragment as it is. */
export const CHART_REF = /^panel-[a-z0-9-]+$/;
/** A trace id in the form the sources normalise to (lib/sources/jaeger/ids.ts): 32 lowercase hex digits. */
export const TRACE_REF = /^[0-9a-f]{32}$/;

export function isChecklistStepId(ref: string): ref is ChecklistStep["id"] {
  return (CHECKLIST_STEP_IDS as readonly string[]).includes(ref);
}

export type PinnedItem =
  { type: "chart"; ref: string } | { type: "trace"; ref: string } | { type: "checklist"; ref: ChecklistStep["id"] };

/**
 * What a stored evidenceRef names. The column holds the ref alone, which is enough: a chart
 * ref starts with "panel-", a trace ref is 32 hex digits (no "p", no "-"), and every step id
 * has letters that are not hex digits, so no ref fits two forms.
 */
export function parseEvidenceRef(ref: string): PinnedItem | undefined {
  if (CHART_REF.test(ref)) return { type: "chart", ref };
  if (TRACE_REF.test(ref)) return { type: "trace", ref };
  if (isChecklistStepId(ref)) return { type: "checklist", ref };
  return undefined;
}

/** "chart Queue depth", "trace 4bf92f3577b34da6", "checklist step metrics". */
export function describePinnedItem(item: PinnedItem): string {
  switch (item.type) {
    case "chart": {
      const panel = Object.values(CHART_PANELS).find((candidate) => candidate.id === item.ref);
      return panel ? `chart ${panel.title}` : `panel ${item.ref}`;
    }
    case "trace":
      return `trace ${item.ref.slice(0, 16)}`;
    case "checklist":
      return `checklist step ${item.ref}`;
  }
}

export interface EvidenceLink {
  /** App path: the snapshot, at the pinned item when the event names one. */
  path: string;
  /** What the link lands on ("chart Queue depth"); absent when it opens the whole snapshot. */
  target?: string;
  /** A stored ref this version does not understand: said, and the link opens the whole snapshot. */
  problem?: string;
}

/**
 * Where an evidence event's link goes: /snapshots/{id}#panel-depth for a chart,
 * /snapshots/{id}?trace={id}#panel-trace-list for a trace (the snapshot page opens the trace
 * named by ?trace= in its list), /snapshots/{id}#checklist-{step} for a checklist step.
 */
export function evidenceLink(snapshotId: string, evidenceRef: string | null): EvidenceLink {
  const base = `/snapshots/${encodeURIComponent(snapshotId)}`;
  if (evidenceRef === null) return { path: base };
  const item = parseEvidenceRef(evidenceRef);
  if (!item)
    return {
      path: base,
      problem: `the pinned item "${evidenceRef.slice(0, 80)}" is not a chart, trace or checklist step this version knows; the link opens the whole snapshot`,
    };
  const target = describePinnedItem(item);
  switch (item.type) {
    case "chart":
      return { path: `${base}#${item.ref}`, target };
    case "trace":
      return { path: `${base}?trace=${item.ref}#${TRACE_LIST_ANCHOR}`, target };
    case "checklist":
      return { path: `${base}#${checklistStepAnchor(item.ref)}`, target };
  }
}

/**
 * Why a snapshot cannot show the pinned item, if it cannot: a trace is drawn only if the
 * capture's trace sample holds it (it is a new query; a trace older than Jaeger's retention,
 * or pushed out of a sample that hit its limit, is not there). Charts and steps are always
 * drawn (a failed source shows as failed in its panel).
 */
export function missingFromSnapshot(item: PinnedItem, signals: WorkflowSignals | undefined): string | undefined {
  if (item.type !== "trace") return undefined;
  if (!signals) return `the snapshot holds no data for this workflow, so it cannot show trace ${item.ref}`;
  if (!signals.traces.ok)
    return `traces could not be captured (${signals.traces.source}: ${signals.traces.reason}), so the snapshot cannot show trace ${item.ref}`;
  if (!signals.traces.value.traces.some((trace) => trace.traceId === item.ref))
    return `trace ${item.ref} was not in the trace sample captured for the window, so the snapshot cannot show it`;
  return undefined;
}

// The "What to pin" choices of a workflow page (components/incidents/workflow-actions.tsx):
// the whole view, each chart panel, each checklist step, and the open trace. Pure and
// client-safe; each choice carries the item POST /api/incidents/{id}/pins takes.
import type { ChecklistStep } from "@/lib/analysis/types";
import { CHART_PANELS } from "@/lib/view/anchors";
import type { PinItem } from "./schemas";

export interface PinChoice {
  /** The option's value, unique among the choices and stable across refreshes. */
  value: string;
  /** The option's text. */
  text: string;
  group: "view" | "charts" | "checklist" | "trace";
  item: PinItem;
  /** What the success message says was pinned: "the chart “Queue depth”". */
  description: string;
}

export interface PinChoiceInput {
  workflowId: string;
  /** The view's absolute window (RFC 3339), named in the whole view's label. */
  from: string;
  to: string;
  checklist: ReadonlyArray<Pick<ChecklistStep, "id" | "title">>;
  /** The page's open trace (?trace=, as traceParam reads it), if any. */
  openTrace?: string;
}

export const WHOLE_VIEW = "view";

export function pinChoices({ workflowId, from, to, checklist, openTrace }: PinChoiceInput): PinChoice[] {
  const choices: PinChoice[] = [
    {
      value: WHOLE_VIEW,
      text: "The whole view",
      group: "view",
      item: { type: "view", label: `${workflowId} ${from} → ${to}` },
      description: "the whole view",
    },
  ];
  for (const panel of Object.values(CHART_PANELS)) {
    choices.push({
      value: `chart:${panel.id}`,
      text: panel.title,
      group: "charts",
      item: { type: "chart", ref: panel.id, label: panel.title },
      description: `the chart “${panel.title}”`,
    });
  }
  for (const step of checklist) {
    choices.push({
      value: `checklist:${step.id}`,
      text: step.title,
      group: "checklist",
      item: { type: "checklist", ref: step.id, label: step.title },
      description: `the checklist step “${step.title}”`,
    });
  }
  if (openTrace) {
    // The sources pad trace ids to 32 digits (lib/sources/jaeger/ids.ts; Jaeger v1 may send 16),
    // and a pin names a trace in that form. One value for whichever trace is open, so choosing
    // "the open trace" and then opening another pins the one on screen.
    const traceId = openTrace.toLowerCase().padStart(32, "0");
    const short = traceId.slice(0, 16);
    choices.push({
      value: "trace",
      text: `The open trace ${short}`,
      group: "trace",
      item: { type: "trace", ref: traceId, label: traceId },
      description: `trace ${short}`,
    });
  }
  return choices;
}

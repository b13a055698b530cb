// Element ids on the workflow page (live and in a snapshot) that links land on: in-page
// links, and the evidence links of an incident's timeline. Client-safe, pure. Change an id
// here and the page and every link to it move together.
import type { ChecklistStep } from "@/lib/analysis/types";
import type { WorkflowViewModel } from "./view-model";

/**
 * The chart panels, one per view.charts entry (a Record, so a chart added to the view model is
 * a type error here until it has an id and a title), in page order.
 */
export const CHART_PANELS = {
  flows: { id: "panel-flows", title: "Publish, ack and backlog per queue" },
  throughput: { id: "panel-throughput", title: "Publish rate vs ack rate" },
  depth: { id: "panel-depth", title: "Queue depth" },
  age: { id: "panel-age", title: "Oldest message and time to drain" },
  consumers: { id: "panel-consumers", title: "Consumers over time" },
  dlq: { id: "panel-dlq", title: "Dead-letter queues" },
} as const satisfies Record<keyof WorkflowViewModel["charts"], { id: `panel-${string}`; title: string }>;

// A Record, so a step added to ChecklistStep["id"] is a type error here until listed.
const STEP_IDS: Record<ChecklistStep["id"], true> = { metrics: true, traces: true, logs: true, "async-path": true };

/** Every checklist step id (ChecklistStep["id"]), for validating what a pin may name. */
export const CHECKLIST_STEP_IDS = Object.keys(STEP_IDS) as ReadonlyArray<ChecklistStep["id"]>;

/** The id of a checklist step's element (components/workflow/checklist.tsx): "#checklist-metrics". */
export function checklistStepAnchor(stepId: ChecklistStep["id"]): string {
  return `checklist-${stepId}`;
}

/** The logs panel (the log-findings check's proof: CHECK_PANEL in verdict-header.tsx links here). */
export const LOGS_PANEL = { id: "panel-logs", title: "Log errors and warnings" } as const;

/** The traces list, where the trace opened by ?trace= is drawn. */
export const TRACE_LIST_ANCHOR = "panel-trace-list";

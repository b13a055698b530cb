import "server-only";
// The workflow page's data: one evaluation (lib/evaluate, the same one the health API makes)
// returning both the verdict and the signals it was made from, reduced to what the panels
// draw. Identical views in flight share one evaluation, so N people watching one workflow
// cost one set of upstream queries per refresh.
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import { evaluateWithSignals, WorkflowNotFoundError } from "@/lib/evaluate";
import type { WorkflowHealth, WorkflowSignals } from "@/lib/analysis/types";
import { metricPanels } from "./chart-data";
import { tracesPanel } from "./trace-data";
import type { WorkflowViewModel } from "./view-model";

/** Relative windows end on this grid, so viewers within the same seconds share one evaluation. */
export const VIEW_ALIGN_MS = 5_000;

export function alignedNow(nowMs: number): number {
  return Math.floor(nowMs / VIEW_ALIGN_MS) * VIEW_ALIGN_MS;
}

export function findWorkflow(id: string, config: AsyncscopeConfig = appConfig()): WorkflowConfig | undefined {
  return config.workflows.find((w) => w.id === id);
}

const inflight = new Map<string, Promise<{ signals: WorkflowSignals; health: WorkflowHealth }>>();

/** One evaluation per workflow and window in flight (the overview and the page share it too). */
export function evaluateShared(workflow: WorkflowConfig, window: { fromMs: number; toMs: number }) {
  const key = `${workflow.id}|${window.fromMs}|${window.toMs}`;
  const running = inflight.get(key);
  if (running) return running;
  const run = evaluateWithSignals(workflow, window).finally(() => inflight.delete(key));
  inflight.set(key, run);
  return run;
}

export interface ViewOptions {
  /** A trace id to list whatever its age (the page's ?trace=). */
  trace?: string;
}

export function buildViewModel(
  workflow: WorkflowConfig,
  signals: WorkflowSignals,
  health: WorkflowHealth,
  config: AsyncscopeConfig,
  opts: ViewOptions = {},
): WorkflowViewModel {
  const window = signals.window;
  const jaegerUi = config.sources.jaeger ? (config.sources.jaeger.uiUrl ?? config.sources.jaeger.url) : undefined;
  const { charts, consumers } = metricPanels(workflow, signals, health);
  return {
    version: 1,
    workflow: {
      id: workflow.id,
      name: workflow.name,
      ...(workflow.description ? { description: workflow.description.trim() } : {}),
    },
    window: { fromMs: window.fromMs, toMs: window.toMs },
    generatedAtMs: signals.nowMs,
    health,
    stepSeconds: signals.metrics.stepSeconds,
    thresholds: {
      oldestMessageAgeSeconds: workflow.thresholds.oldestMessageAge,
      completenessBelow: workflow.thresholds.completenessBelow,
      noAckForSeconds: workflow.thresholds.noAckFor,
    },
    charts,
    traces: tracesPanel(workflow, signals.traces, health, window, {
      ...(jaegerUi ? { jaegerUi } : {}),
      ...(workflow.logs ? { logLinkTemplate: workflow.logs.linkTemplate } : {}),
      ...(opts.trace ? { pinned: opts.trace } : {}),
    }),
    consumers,
  };
}

/** The page's data for workflow `id` over `window`. Throws WorkflowNotFoundError for an unknown id. */
export async function workflowView(
  id: string,
  window: { fromMs: number; toMs: number },
  opts: ViewOptions = {},
): Promise<WorkflowViewModel> {
  const config = appConfig();
  const workflow = findWorkflow(id, config);
  if (!workflow)
    throw new WorkflowNotFoundError(
      id,
      config.workflows.map((w) => w.id),
    );
  const { signals, health } = await evaluateShared(workflow, window);
  return buildViewModel(workflow, signals, health, config, opts);
}
export { traceParam } from "./view-model";

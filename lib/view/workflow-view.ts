import "server-only";
// The workflow page's data: one evaluation (lib/evaluate, the same one the health API makes)
// returning both the verdict and the signals it was made from, reduced to what the panels
// draw. Identical views in flight share one evaluation, so N people watching one workflow
// cost one set of upstream queries per refresh.
import { appConfig } from "@/lib/config";
import { contentKey } from "@/lib/config/content-key";
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import {
  type Evaluation,
  evaluateShared,
  evaluationUnderWay,
  latestEvaluation,
  noteReused,
  requireWorkflow,
} from "@/lib/evaluate";
import { PAGE_REUSE_MS, reuseDecision } from "@/lib/evaluate/reuse";
import { sourceLastErrors } from "@/lib/sources/registry";
import type { WorkflowHealth, WorkflowSignals } from "@/lib/analysis/types";
import { metricPanels } from "./chart-data";
import { jaegerUiBase } from "./deep-links";
import { presentHealth } from "./health";
import { LOG_STORE_NAMES } from "@/lib/sources/logs/client";
import { logsPanel } from "./log-data";
import { flowStrip } from "./flow-strip";
import { numberRow } from "./number-row";
import { tracesPanel } from "./trace-data";
import type { WorkflowViewModel } from "./view-model";

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
  const jaegerUi = jaegerUiBase(config);
  const { charts, consumers, chartMarks } = metricPanels(workflow, signals, health);
  const numbers = numberRow(workflow, signals, health);
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
    numbers,
    flow: flowStrip(workflow, window, health, numbers, signals.traces),
    stepSeconds: signals.history.stepSeconds,
    chartMarks,
    thresholds: {
      oldestMessageAgeSeconds: workflow.thresholds.oldestMessageAge,
      completenessBelow: workflow.thresholds.completenessBelow,
      noAckForSeconds: workflow.thresholds.noAckFor,
    },
    words: {
      destination: workflow.vocabulary.destination,
      destinations: workflow.vocabulary.destinations,
      broker: workflow.vocabulary.broker,
      deadLetter: workflow.vocabulary.deadLetter,
    },
    charts,
    traces: tracesPanel(
      workflow,
      signals.traces,
      health,
      window,
      {
        ...(jaegerUi ? { jaegerUi } : {}),
        ...(workflow.logs?.linkTemplate ? { logLinkTemplate: workflow.logs.linkTemplate } : {}),
        ...(opts.trace ? { pinned: opts.trace } : {}),
      },
      signals.logs,
    ),
    consumers,
    logs: logsPanel(signals.logs, health, window, (store) => storeName(store ?? config.sources.logs?.store)),
  };
}

/** "VictoriaLogs" for "victorialogs"; a store this build does not know keeps its own name. */
function storeName(store: string | undefined): string {
  if (!store) return "the log store";
  return (LOG_STORE_NAMES as Record<string, string>)[store] ?? store;
}

/**
 * The page's data for workflow `id` over `window`. Throws WorkflowNotFoundError for an unknown id.
 *
 * With `reuseWithinMs` (the page's first render of a relative window: one refresh period), the
 * workflow's latest evaluation of a window as long as this one is shown instead of a new one when
 * it is at most that old, every source answered it, and none has failed a call since
 * (lib/evaluate/reuse.ts; the page says "Data from" its time). Viewers arriving between two
 * refreshes then share the evaluation the polls made, instead of one per 5-s slot they arrive in
 * (docs/scale.md).
 */
export async function workflowView(
  id: string,
  window: { fromMs: number; toMs: number },
  opts: ViewOptions & { reuseWithinMs?: number } = {},
): Promise<WorkflowViewModel> {
  const config = appConfig();
  const workflow = requireWorkflow(id, config);
  const { reuseWithinMs, ...viewOpts } = opts;
  const kept = reuseWithinMs === undefined ? undefined : latestEvaluation(workflow);
  // The clients' last errors are read only when there is something to reuse (no request either way).
  const reusable =
    kept !== undefined &&
    reuseDecision(kept, {
      current: window,
      nowMs: Date.now(),
      maxAgeMs: reuseWithinMs ?? 0,
      sources: sourceLastErrors(),
    }).reuse;
  if (reusable) noteReused();
  const evaluation = reusable ? kept.evaluation : await evaluateShared(workflow, window);
  return viewOf(evaluation, workflow, config, viewOpts);
}

/**
 * The view for a poll answered after the slot it was sent for (`slot`, lib/view/poll-moment.ts)
 * had passed, without starting an evaluation of a moment already past: the workflow's latest
 * evaluation when it may stand (at most one refresh period old, every source clean; a later window
 * is fresher and stands too), else the slot's run in flight or just settled, else a new evaluation
 * of the server's now (`now`). Throws WorkflowNotFoundError for an unknown id.
 */
export async function latePollView(
  id: string,
  slot: { fromMs: number; toMs: number },
  now: { fromMs: number; toMs: number },
  opts: ViewOptions = {},
): Promise<WorkflowViewModel> {
  const config = appConfig();
  const workflow = requireWorkflow(id, config);
  const kept = latestEvaluation(workflow);
  const reusable =
    kept !== undefined &&
    reuseDecision(kept, {
      current: slot,
      nowMs: Date.now(),
      maxAgeMs: PAGE_REUSE_MS,
      sources: sourceLastErrors(),
      laterAllowed: true,
    }).reuse;
  if (reusable) noteReused();
  const evaluation = reusable
    ? kept.evaluation
    : await (evaluationUnderWay(workflow, slot) ?? evaluateShared(workflow, now));
  return viewOf(evaluation, workflow, config, opts);
}

// The view model of each shared evaluation, built once: every viewer of a slot (the polls, the
// first renders reusing it) gets the same one, instead of each request judging the traces again
// (most of a data API answer's CPU, docs/scale.md). Weakly held, so a view goes when its
// evaluation does. On globalThis, and the config compared by content, because the page and the
// API route are bundled apart, each with its own copy of the config module (as lib/evaluate's
// stores are): by identity, a page render and a poll would each rebuild the other's view. Only
// the view with no option set is kept: any trace id may be pinned, and that view is rarer.
const VIEWS = Symbol.for("asyncscope.views");
const views = ((globalThis as unknown as Record<symbol, unknown>)[VIEWS] ??= new WeakMap()) as WeakMap<
  Evaluation,
  { config: string; view: WorkflowViewModel }
>;

/** The view model of `evaluation`, built once per evaluation and config content unless an option is set. */
export function viewOf(
  evaluation: Evaluation,
  workflow: WorkflowConfig,
  config: AsyncscopeConfig,
  opts: ViewOptions,
): WorkflowViewModel {
  const build = () => buildViewModel(workflow, evaluation.signals, presentHealth(evaluation, config), config, opts);
  if (Object.values(opts).some((value) => value !== undefined)) return build();
  const built = views.get(evaluation);
  const configKey = contentKey(config);
  // A config edited since may name other links or thresholds: build anew.
  if (built?.config === configKey) return built.view;
  const view = build();
  views.set(evaluation, { config: configKey, view });
  return view;
}

export { traceParam } from "./view-model";
export { findWorkflow } from "@/lib/evaluate";
export { alignedNow } from "./time-range";

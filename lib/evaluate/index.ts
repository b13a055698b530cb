import "server-only";
// The one orchestrator: config + readers → signals → analysis. Identical evaluations in flight
// (or settled a moment ago) share one run, whoever asks (the health API, the workflow page, the overview, the timeline
// keeper): N people on one page cost one set of upstream queries.
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import { analyseWorkflow, type Analysis } from "@/lib/analysis/analyse";
import type { WorkflowSignals } from "@/lib/analysis/types";
import {
  closeSources,
  createSources,
  readersFor,
  sources as processSources,
  type Sources,
} from "@/lib/sources/registry";
import { workflowEvaluations } from "@/lib/telemetry/metrics";
import { ALIGN_MS, DEFAULT_WINDOW_MS } from "@/lib/view/time-range";
import { collectSignals, type CollectOptions } from "./collect";
import { LatestEvaluations, type LatestEvaluation } from "./latest";
import { SharedRuns } from "./shared-runs";

export class WorkflowNotFoundError extends Error {
  readonly workflowId: string;
  constructor(id: string, known: readonly string[]) {
    super(`no workflow "${id}" in the config (known: ${known.join(", ") || "none"})`);
    this.name = "WorkflowNotFoundError";
    this.workflowId = id;
  }
}

export interface EvaluationWindow {
  fromMs: number;
  toMs: number;
}

export interface EvaluateDeps extends CollectOptions {
  sources?: Sources;
  config?: AsyncscopeConfig;
  /**
   * Judge transitions on this epoch-aligned grid instead of 12 even steps, so they stay put
   * as the window grows (the incident timeline; see lib/incidents/timeline.ts).
   */
  transitionGridMs?: number;
}

/** One evaluation: the signals read and what analysis made of them. */
export interface Evaluation {
  workflow: WorkflowConfig;
  signals: WorkflowSignals;
  analysis: Analysis;
}

export function findWorkflow(id: string, config: AsyncscopeConfig = appConfig()): WorkflowConfig | undefined {
  return config.workflows.find((w) => w.id === id);
}

/** The workflow `id`; throws WorkflowNotFoundError (a 404 in the API) naming the known ones. */
export function requireWorkflow(id: string, config: AsyncscopeConfig = appConfig()): WorkflowConfig {
  const workflow = findWorkflow(id, config);
  if (!workflow)
    throw new WorkflowNotFoundError(
      id,
      config.workflows.map((w) => w.id),
    );
  return workflow;
}

/** Evaluates one workflow over one window. Never throws for a failed source. */
export async function evaluate(
  workflow: WorkflowConfig,
  window: EvaluationWindow,
  deps: EvaluateDeps = {},
): Promise<Evaluation> {
  const config = deps.config ?? appConfig();
  // An injected config (tests, scripts) gets clients of its own, closed after the evaluation
  // (a broker's connections would otherwise outlive it); the app's are shared process-wide.
  const own = !deps.sources && deps.config ? createSources(deps.config.sources) : undefined;
  const live = deps.sources ?? own ?? processSources();
  try {
    const readers = readersFor(workflow, config, live);
    const signals = await collectSignals(readers, workflow, window, deps);
    return { workflow, signals, analysis: analyse(workflow, signals, deps) };
  } finally {
    if (own) await closeSources(own);
  }
}

/** Analyses signals collected earlier (live a moment ago, or from a bundle). */
export function analyse(workflow: WorkflowConfig, signals: WorkflowSignals, deps: EvaluateDeps = {}): Analysis {
  return analyseWorkflow(
    workflow,
    signals,
    deps.transitionGridMs !== undefined ? { transitionGridMs: deps.transitionGridMs } : {},
  );
}

// A settled evaluation answers for one alignment step of "now": later callers of the same
// window within it (a page's poll, the overview, the check sweep) share it. At most a few
// hundred windows are kept (workflows × ranges × the seconds they are asked in).
// On globalThis: Next.js may load this module more than once in one server (instrumentation.ts,
// which starts the check sweep, is bundled apart from the routes), and the sweep's evaluations
// must reach the pages' store, not a copy of it.
const STORES = Symbol.for("asyncscope.evaluations");
const stores = ((globalThis as unknown as Record<symbol, unknown>)[STORES] ??= {
  shared: new SharedRuns<Evaluation>(ALIGN_MS, 256),
  latest: new LatestEvaluations(DEFAULT_WINDOW_MS),
}) as { shared: SharedRuns<Evaluation>; latest: LatestEvaluations };
const { shared, latest } = stores;

/**
 * The evaluation of `workflow` over `window`, shared with every identical one in flight or
 * settled within the last alignment step (ALIGN_MS).
 * Coalescing only for the process-wide sources: injected ones (tests) get their own run.
 */
export function evaluateShared(
  workflow: WorkflowConfig,
  window: EvaluationWindow,
  deps: EvaluateDeps = {},
): Promise<Evaluation> {
  if (deps.sources || deps.config) {
    workflowEvaluations.inc({ served: "evaluated" });
    return evaluate(workflow, window, deps);
  }
  const key = sharedKey(workflow, window, deps.transitionGridMs);
  // SharedRuns calls `start` synchronously when it starts a run, so this is set before it returns.
  let started = false;
  const run = shared.run(key, async () => {
    started = true;
    const evaluation = await evaluate(workflow, window, deps);
    // The timeline's grid judges transitions differently from the page: not the default view.
    // A replay's verdict is the recording's, not of a moment: read again (cheap), never "as of".
    if (deps.transitionGridMs === undefined && !workflow.replay) latest.offer(evaluation, window);
    return evaluation;
  });
  // How many runs there were, and how many callers (viewers, the warm-up, the sweep) shared one.
  workflowEvaluations.inc({ served: started ? "evaluated" : "shared" });
  return run;
}

function sharedKey(workflow: WorkflowConfig, window: EvaluationWindow, transitionGridMs?: number): string {
  return `${workflow.id}|${window.fromMs}|${window.toMs}|${transitionGridMs ?? "even"}`;
}

/**
 * The page's evaluation of `workflow` over `window` if one is in flight or settled in the last
 * alignment step, without starting one: a poll answered after its slot passed joins its slot's run,
 * but never starts an evaluation of a moment already past.
 */
export function evaluationUnderWay(
  workflow: WorkflowConfig,
  window: EvaluationWindow,
): Promise<Evaluation> | undefined {
  const run = shared.joinable(sharedKey(workflow, window));
  if (run) workflowEvaluations.inc({ served: "shared" });
  return run;
}

/** Counts a view that showed the workflow's latest evaluation instead of asking for one (lib/evaluate/reuse.ts). */
export function noteReused(): void {
  workflowEvaluations.inc({ served: "reused" });
}

/**
 * The newest settled evaluation of `workflow` over a default-length window (the last 15
 * minutes) made in this process with its sources, or undefined. The caller judges whether it is
 * recent enough, and says how old it is.
 */
export function latestEvaluation(workflow: WorkflowConfig): LatestEvaluation | undefined {
  return latest.of(workflow);
}

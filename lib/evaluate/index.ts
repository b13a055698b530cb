import "server-only";
// The one orchestrator: config + sources → signals → analysis → WorkflowHealth. Identical
// evaluations in flight share one run (N people on one page cost one set of upstream queries).
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import type { SourceName } from "@/lib/domain/source";
import { analyseWorkflow, sourceReports } from "@/lib/analysis/analyse";
import type { CheckStatus, WorkflowHealth, WorkflowSignals } from "@/lib/analysis/types";
import { sources as processSources, type Sources } from "@/lib/sources/registry";
import { replayedSignals } from "@/lib/bundle/replay";
import { collectSignals, type CollectOptions } from "./collect";
import { parseWindow, type EvaluationWindow } from "./window";

export { parseWindow, WindowError, DEFAULT_WINDOW_MS, type EvaluationWindow } from "./window";
export type { WorkflowHealth } from "@/lib/analysis/types";

export class WorkflowNotFoundError extends Error {
  readonly workflowId: string;
  constructor(id: string, known: readonly string[]) {
    super(`no workflow "${id}" in the config (known: ${known.join(", ") || "none"})`);
    this.name = "WorkflowNotFoundError";
    this.workflowId = id;
  }
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

function configuredSources(config: AsyncscopeConfig): Set<SourceName> {
  return new Set((["prometheus", "jaeger", "rabbitmq"] as const).filter((n) => config.sources[n] !== undefined));
}

function linkBases(config: AsyncscopeConfig) {
  return {
    ...(config.sources.jaeger ? { jaegerUi: config.sources.jaeger.uiUrl ?? config.sources.jaeger.url } : {}),
    ...(config.sources.prometheus ? { prometheus: config.sources.prometheus.url } : {}),
    ...(config.sources.rabbitmq ? { rabbitmq: config.sources.rabbitmq.managementUrl } : {}),
  };
}

/** Evaluates one workflow over one window. Never throws for a failed source. */
export async function evaluateWorkflow(
  workflow: WorkflowConfig,
  window: EvaluationWindow,
  deps: EvaluateDeps = {},
): Promise<WorkflowHealth> {
  return (await evaluateWithSignals(workflow, window, deps)).health;
}

/**
 * The same evaluation, also returning the signals it was made from: what an evidence
 * bundle freezes (lib/bundle) and what the workflow page's charts draw.
 */
export async function evaluateWithSignals(
  workflow: WorkflowConfig,
  window: EvaluationWindow,
  deps: EvaluateDeps = {},
): Promise<{ signals: WorkflowSignals; health: WorkflowHealth }> {
  const config = deps.config ?? appConfig();
  if (workflow.replay) {
    // A recorded bundle stands in for the live sources; its window is the recording's.
    const { signals } = replayedSignals(workflow);
    return { signals, health: healthFromSignals(workflow, signals, config, ALL_SOURCES, analyseOptions(deps)) };
  }
  const sources = deps.sources ?? processSources();
  const signals = await collectSignals(sources, workflow, window, deps);
  return {
    signals,
    health: healthFromSignals(workflow, signals, config, configuredSources(config), analyseOptions(deps)),
  };
}

const ALL_SOURCES: ReadonlySet<SourceName> = new Set(["prometheus", "jaeger", "rabbitmq"]);

function analyseOptions(deps: EvaluateDeps): { transitionGridMs?: number } {
  return deps.transitionGridMs !== undefined ? { transitionGridMs: deps.transitionGridMs } : {};
}

/** Analyses signals that were collected earlier (live a moment ago, or replayed from a bundle). */
export function healthFromSignals(
  workflow: WorkflowConfig,
  signals: WorkflowSignals,
  config: AsyncscopeConfig,
  /** The sources the signals were read from (default: those configured now). */
  readFrom: ReadonlySet<SourceName> = configuredSources(config),
  opts: { transitionGridMs?: number } = {},
): WorkflowHealth {
  const window = signals.window;
  const analysis = analyseWorkflow(workflow, signals, { links: linkBases(config), ...opts });
  return {
    workflow: { id: workflow.id, name: workflow.name },
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    status: analysis.status,
    summary: analysis.summary,
    checks: analysis.checks,
    checklist: analysis.checklist,
    sources: sourceReports(signals, readFrom),
    transitions: analysis.transitions,
  };
}

const inflight = new Map<string, Promise<WorkflowHealth>>();

/**
 * The health of workflow `id` over `window` (default: the last 15 minutes, aligned to 5 s so
 * concurrent viewers share one evaluation). Throws WorkflowNotFoundError for an unknown id.
 */
export async function workflowHealth(
  id: string,
  window?: EvaluationWindow,
  deps: EvaluateDeps = {},
): Promise<WorkflowHealth> {
  const config = deps.config ?? appConfig();
  const workflow = config.workflows.find((w) => w.id === id);
  if (!workflow)
    throw new WorkflowNotFoundError(
      id,
      config.workflows.map((w) => w.id),
    );
  const win = window ?? parseWindow({}, (deps.now ?? Date.now)());
  // Coalescing only for the process-wide sources: injected ones (tests) get their own run.
  if (deps.sources || deps.config) return evaluateWorkflow(workflow, win, deps);
  const key = `${id}|${win.fromMs}|${win.toMs}|${deps.transitionGridMs ?? "even"}`;
  const running = inflight.get(key);
  if (running) return running;
  const run = evaluateWorkflow(workflow, win, deps).finally(() => inflight.delete(key));
  inflight.set(key, run);
  return run;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  status: CheckStatus;
  summary: string;
}

/** Every configured workflow's verdict over the 15 minutes ending at `now` (for the overview and GET /api/workflows). */
export async function workflowSummaries(now: Date = new Date(), deps: EvaluateDeps = {}): Promise<WorkflowSummary[]> {
  const config = deps.config ?? appConfig();
  const window = parseWindow({}, now.getTime());
  return Promise.all(
    config.workflows.map(async (w): Promise<WorkflowSummary> => {
      const health = await workflowHealth(w.id, window, deps);
      return { id: w.id, name: w.name, status: health.status, summary: health.summary };
    }),
  );
}

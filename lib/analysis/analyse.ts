// Signals → checks → verdict → checklist → transitions, for one workflow and one window.
// Pure: the evaluator passes the signals it fetched; "now" is in the signals.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { SourceName } from "@/lib/domain/source";
import { brokerChecks } from "./broker-checks";
import { buildChecklist } from "./checklist";
import { logFindings } from "./log-findings";
import type { AnalysisContext } from "./destination-view";
import { seriesLimitMs } from "./freshness";
import { verdict, verdictSummary } from "./status";
import { traceFacts, type TraceFacts } from "./trace-facts";
import { traceChecks } from "./trace-checks";
import {
  CHECK_IDS,
  type Check,
  type CheckId,
  type CheckStatus,
  type ChecklistStep,
  type NextStep,
  type Observed,
  type SourceReport,
  type TraceSample,
  type Transition,
  type WorkflowSignals,
} from "./types";

export interface Analysis {
  status: CheckStatus;
  summary: string;
  checks: Check[];
  checklist: Array<ChecklistStep<NextStep>>;
  transitions: Transition[];
}

/** Instants judged to find transitions (the window is split into this many steps). */
export const TRANSITION_STEPS = 12;
/** A grid finer than this over the window would judge too many instants (cost grows with each). */
export const MAX_GRID_INSTANTS = 200;

export interface TransitionOptions {
  /**
   * Judge the window at the multiples of this step since the epoch (plus its start and end)
   * instead of 12 even steps. The instants then do not move when the window's end does, so
   * re-evaluating a growing window (an ongoing incident's timeline) finds each transition
   * at the same instant every time. Unset: 12 even steps.
   */
  gridMs?: number;
}

/**
 * The instants judged for transitions: the window start (the baseline), then either 12 even
 * steps to the end, or every epoch-aligned multiple of `gridMs` inside the window and the end.
 */
export function transitionInstants(fromMs: number, toMs: number, opts: TransitionOptions = {}): number[] {
  if (!(toMs > fromMs)) return [];
  if (opts.gridMs === undefined)
    return Array.from({ length: TRANSITION_STEPS + 1 }, (_, i) =>
      Math.round(fromMs + ((toMs - fromMs) * i) / TRANSITION_STEPS),
    );
  const gridMs = opts.gridMs;
  if (!(gridMs > 0) || (toMs - fromMs) / gridMs > MAX_GRID_INSTANTS) {
    throw new RangeError(
      `transition grid of ${gridMs} ms over ${toMs - fromMs} ms: use a step that gives at most ${MAX_GRID_INSTANTS} instants`,
    );
  }
  const instants = [fromMs];
  for (let atMs = (Math.floor(fromMs / gridMs) + 1) * gridMs; atMs < toMs; atMs += gridMs) instants.push(atMs);
  instants.push(toMs);
  return instants;
}

function checksAt(
  workflow: WorkflowConfig,
  signals: WorkflowSignals,
  facts: readonly TraceFacts[],
  fromMs: number,
  atMs: number,
  historical: boolean,
): Check[] {
  const ctx: AnalysisContext = { workflow, signals, atMs, fromMs, historical };
  const graceMs = workflow.thresholds.orphanGrace * 1000;
  const inWindow = facts.filter((f) => f.startMs >= fromMs && f.startMs <= atMs);
  // A trace is judged at an instant only when it was past the grace period then.
  const judgedAt = historical
    ? inWindow.map((f) => (f.judged && f.startMs > atMs - graceMs ? { ...f, judged: false } : f))
    : inWindow;
  const checks = [
    ...brokerChecks(ctx),
    ...traceChecks({
      workflow,
      traces: traceInput(workflow, signals.traces),
      facts: judgedAt,
      fromMs,
      atMs,
      drops: signals.history.drops,
      seriesLimitMs: seriesLimitMs(signals),
    }),
    logFindings({ workflow, logs: signals.logs, facts: judgedAt, fromMs, atMs }),
  ];
  const order = new Map(CHECK_IDS.map((id, i) => [id, i]));
  return checks.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * The traces as the trace checks may read them: without a producer span and the spans a
 * complete trace contains, there is nothing to judge them against (a team without tracing
 * need not declare them), which is "not configured", not a failure.
 */
function traceInput(workflow: WorkflowConfig, traces: Observed<TraceSample>): Observed<TraceSample> {
  if (!traces.ok || (workflow.producer && workflow.expectedSpans.length > 0)) return traces;
  return {
    ok: false,
    source: "jaeger",
    unconfigured: true,
    reason: `not configured: add producer and expectedSpans to workflow ${workflow.id} to judge its traces`,
  };
}

/** Checks that cannot be judged for the past (they need the broker's present state). */
export const PRESENT_ONLY: ReadonlySet<CheckId> = new Set(["unexpected-consumers", "dead-letters"]);

/**
 * Status of every check at the instants of `transitionInstants`, each over a trailing
 * sub-window, and the changes between consecutive instants. The first instant sets the
 * baseline (no transition); the last is judged as the present.
 */
export function transitionsOf(
  workflow: WorkflowConfig,
  signals: WorkflowSignals,
  facts: readonly TraceFacts[],
  opts: TransitionOptions = {},
): Transition[] {
  const { fromMs, toMs } = signals.window;
  const spanMs = toMs - fromMs;
  const instants = transitionInstants(fromMs, toMs, opts);
  if (instants.length === 0) return [];
  // Each instant judges a trailing sub-window (three steps: a quarter of the window in even
  // steps). On a grid it follows the step rather than the window, so an instant is judged the
  // same however far the window has grown. Metrics look back before the window, so broker
  // checks are judged from the first instant; trace checks only once their sub-window lies
  // inside the trace sample (a thinner sample would read as a change to "unknown").
  const subMs = Math.max(
    opts.gridMs !== undefined ? 3 * opts.gridMs : spanMs / 4,
    2 * 60_000,
    workflow.thresholds.orphanGrace * 2000,
  );
  const coveredFromMs = Math.max(
    fromMs,
    (signals.traces.ok ? signals.traces.value.coveredFromMs : undefined) ?? fromMs,
  );
  const out: Transition[] = [];
  let previous: Map<CheckId | "verdict", CheckStatus> | undefined;
  // Checks (and the verdict) that had a status other than unknown at an earlier instant. Until
  // then a check has not been judged: leaving "unknown" is its first judgement, not a change
  // from a state the timeline never showed (a Kafka rate needs a few samples before it says
  // anything, so the first instants of a recording can be all unknown).
  const judged = new Set<CheckId | "verdict">();
  for (const [i, atMs] of instants.entries()) {
    const historical = i < instants.length - 1;
    // Before the trace sample starts (a capped search returns the newest traces), trace checks
    // have nothing to say: leave them out rather than record a change to "unknown".
    const unsampled = historical && atMs - subMs < coveredFromMs;
    const checks = checksAt(workflow, signals, facts, atMs - subMs, atMs, historical).filter(
      (c) => !historical || (!PRESENT_ONLY.has(c.id) && !(unsampled && c.sources.includes("jaeger"))),
    );
    const current = new Map<CheckId | "verdict", CheckStatus>(checks.map((c) => [c.id, c.status]));
    current.set("verdict", verdict(checks));
    if (previous) {
      for (const [id, status] of current) {
        // A check judged for the first time (present-only checks, trace checks once the sample
        // reaches, checks unknown until now) enters the timeline from "unknown" when it has
        // something to report; first judged ok is not news.
        const judgedBefore = judged.has(id);
        const before = judgedBefore ? (previous.get(id) ?? "unknown") : status === "ok" ? undefined : "unknown";
        if (before !== undefined && before !== status) {
          const check = checks.find((c) => c.id === id);
          out.push({
            checkId: id,
            atMs,
            from: before,
            to: status,
            ...(judgedBefore ? {} : { firstJudged: true as const }),
            summary: check
              ? status === "unknown"
                ? (check.reason ?? check.summary)
                : check.summary
              : verdictSummary(checks),
          });
        }
      }
    }
    for (const [id, status] of current) if (status !== "unknown") judged.add(id);
    previous = current;
  }
  return out;
}

export interface AnalyseOptions {
  /** Build transitions (the bench measures with and without). Default true. */
  transitions?: boolean;
  /** Judge transitions on this epoch-aligned grid (TransitionOptions.gridMs). */
  transitionGridMs?: number;
}

export function analyseWorkflow(
  workflow: WorkflowConfig,
  signals: WorkflowSignals,
  opts: AnalyseOptions = {},
): Analysis {
  const { fromMs, toMs } = signals.window;
  const traces = traceInput(workflow, signals.traces);
  const facts = traces.ok ? traceFacts(traces.value.traces, { workflow, atMs: toMs }) : [];
  const checks = checksAt(workflow, signals, facts, fromMs, toMs, false);
  return {
    status: verdict(checks),
    summary: verdictSummary(checks),
    checks,
    checklist: buildChecklist({ workflow, checks }),
    transitions:
      opts.transitions === false
        ? []
        : transitionsOf(
            workflow,
            signals,
            facts,
            opts.transitionGridMs !== undefined ? { gridMs: opts.transitionGridMs } : {},
          ),
  };
}

/**
 * Per-source status from what the fetches returned: a source with any failure is down or
 * degraded, one that warned (a partial answer) is degraded and says what it warned about, and
 * one nobody configured says so.
 */
export function sourceReports(signals: WorkflowSignals): SourceReport[] {
  const names: SourceName[] = ["prometheus", "jaeger", signals.broker, ...(signals.logs ? ["logs"] : [])];
  const outcomes = new Map<SourceName, Array<Observed<unknown>>>(names.map((name) => [name, []]));
  const add = (o: Observed<unknown>, source: SourceName) => {
    const at = o.ok ? source : o.source;
    (outcomes.get(at) ?? outcomes.set(at, []).get(at)!).push(o);
  };
  add(signals.state, signals.broker);
  add(signals.traces, "jaeger");
  if (signals.logs) add(signals.logs, "logs");
  for (const o of Object.values(signals.history.signals)) if (o) add(o, "prometheus");
  add(signals.history.drops, "prometheus");
  return [...outcomes].map(([name, list]): SourceReport => {
    if (list.length > 0 && list.every((o) => !o.ok && o.unconfigured))
      return { name, status: "unconfigured", message: `not configured: add sources.${name} to asyncscope.yaml` };
    const failed = list.flatMap((o) => (o.ok || o.unconfigured ? [] : [o.reason]));
    const warnings = [...new Set(list.flatMap((o) => (o.ok ? (o.warnings ?? []) : [])))];
    const answered = list.filter((o) => o.ok).length;
    if (failed.length === 0) {
      const message = `${answered} ${answered === 1 ? "query" : "queries"} answered`;
      return warnings.length
        ? { name, status: "degraded", message: `${message}, with warnings: ${warnings.join("; ")}`, warnings }
        : { name, status: "ok", message };
    }
    const reasons = [...new Set(failed)].join("; ");
    return {
      name,
      status: answered === 0 ? "down" : "degraded",
      message: reasons,
      ...(warnings.length ? { warnings } : {}),
    };
  });
}

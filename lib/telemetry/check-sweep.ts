import "server-only";
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { sourceReports } from "@/lib/analysis/analyse";
import { CHECK_IDS, type Check, type CheckStatus } from "@/lib/analysis/types";
import { evaluateShared, type Evaluation } from "@/lib/evaluate";
import { SOURCE_DEADLINE_MS } from "@/lib/evaluate/collect";
import { parseWindow } from "@/lib/view/time-range";
import { formatInstant } from "@/lib/view/window-link";
import { checkMetrics, seriesOf, type CheckMetrics } from "./metrics";

// The checks' own state as Prometheus metrics (GET /api/metrics), so a Prometheus rule can
// alert on what a workflow page shows without anybody having it open. A background sweep
// evaluates every configured workflow over the page's default window (the last 15 minutes,
// aligned to 5 s) through evaluateShared: a viewer of the page in the same seconds shares the
// run, and the sweep costs no more upstream queries than one more viewer.
//
// Never ok from old data: a workflow whose evaluation fails reads 3 (unknown) for every check,
// not its last values; its evaluated timestamp stops advancing, which a rule can alert on. A
// replayed workflow (`replay:`) reads what its page shows, the recording's verdict at the
// recording's end; asyncscope_check_judged_timestamp_seconds says which instant that is.

/** How a status is written as a number (asyncscope_check_status, asyncscope_workflow_status). */
export const CHECK_STATUS_VALUE: Readonly<Record<CheckStatus, number>> = {
  ok: 0,
  warning: 1,
  critical: 2,
  unknown: 3,
};

/**
 * Past this an evaluation counts as failed. Each source has SOURCE_DEADLINE_MS, and the
 * metrics wait up to half of one for the broker's dead-letter queues: twice the deadline is
 * time enough, and a hung evaluation must not leave the last values standing.
 */
export const EVALUATION_TIMEOUT_MS = 2 * SOURCE_DEADLINE_MS;

type Log = Pick<Console, "info" | "warn" | "error">;

export interface CheckSweepOptions {
  /**
   * The config to sweep, read at every sweep. Default: the process's (appConfig()), whose
   * evaluations are shared with the pages and the API; an injected one (tests, scripts) gets
   * evaluations of its own, as with evaluateShared.
   */
  config?: () => AsyncscopeConfig;
  now?: () => number;
  log?: Log;
  metrics?: CheckMetrics;
  /** What was said last per workflow ("" = evaluated fine), so a lasting failure is one log line. */
  reported?: Map<string, string>;
  /** An evaluation not finished by then fails the workflow (default EVALUATION_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Aborted (the sweep was stopped): what this sweep evaluated is not recorded. */
  signal?: AbortSignal;
}

export interface CheckSweepOutcome {
  workflows: number;
  /** Workflows whose evaluation failed (their checks now read unknown). */
  failed: string[];
  /** Workflows no longer in the config, whose series were removed. */
  removed: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the evaluation did not finish within ${ms / 1000} s`)), ms);
    timer.unref?.();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Workflows that have series now (the registry outlives a Next.js dev reload, so it is the record). */
async function workflowsWithSeries(metrics: CheckMetrics): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const gauge of [metrics.status, metrics.verdict, metrics.evaluatedAt, metrics.judgedAt])
    for (const { labels } of await seriesOf<string>(gauge))
      if (labels.workflow !== undefined) ids.add(String(labels.workflow));
  return ids;
}

/**
 * A check nobody expects judged: unknown only because every source it reads is not configured
 * (trace checks without Jaeger), or one analysis marks as not holding the verdict back. The page leaves it out of the verdict; here it has no series,
 * so "unknown for 15 minutes" (AsyncscopeCheckUnknown) never pages for a source nobody set up.
 */
function notJudged(check: Check, unconfigured: ReadonlySet<string>): boolean {
  if (check.status !== "unknown") return false;
  // Analysis says so itself (a recording made before logs were read, a workflow naming no service).
  if (!check.matters) return true;
  return check.sources.length > 0 && check.sources.every((s) => unconfigured.has(s));
}

function recordEvaluation(metrics: CheckMetrics, evaluation: Evaluation, evaluatedAtMs: number): void {
  const workflow = evaluation.workflow.id;
  const unconfigured = new Set(
    sourceReports(evaluation.signals)
      .filter((source) => source.status === "unconfigured")
      .map((source) => source.name),
  );
  const checks = new Map(evaluation.analysis.checks.map((check) => [check.id, check]));
  // Every check id: a check the analysis did not report is unknown, not absent.
  for (const id of CHECK_IDS) {
    const check = checks.get(id);
    if (check && notJudged(check, unconfigured)) metrics.status.remove({ workflow, check: id });
    else metrics.status.set({ workflow, check: id }, CHECK_STATUS_VALUE[check?.status ?? "unknown"]);
  }
  metrics.verdict.set({ workflow }, CHECK_STATUS_VALUE[evaluation.analysis.status]);
  metrics.evaluatedAt.set({ workflow }, evaluatedAtMs / 1000);
  metrics.judgedAt.set({ workflow }, evaluation.signals.nowMs / 1000);
}

/** Unknown for every check and the verdict; the timestamps keep the last success (or stay absent). */
function recordFailure(metrics: CheckMetrics, workflow: string): void {
  for (const check of CHECK_IDS) metrics.status.set({ workflow, check }, CHECK_STATUS_VALUE.unknown);
  metrics.verdict.set({ workflow }, CHECK_STATUS_VALUE.unknown);
  metrics.failures.inc({ workflow });
}

async function removeWorkflow(metrics: CheckMetrics, workflow: string, counters: boolean): Promise<void> {
  // prom-client removes a series by its full label set: every status series of the workflow.
  for (const { labels } of await seriesOf(metrics.status))
    if (labels.workflow === workflow) metrics.status.remove({ workflow, check: String(labels.check) });
  for (const gauge of [metrics.verdict, metrics.evaluatedAt, metrics.judgedAt]) gauge.remove({ workflow });
  if (counters) metrics.failures.remove({ workflow });
}

/**
 * Evaluates every configured workflow once and records its checks. One workflow failing (a
 * bug, such as a recording whose contents trip the code up, or no answer within the timeout)
 * makes its checks unknown and is counted; the others are recorded as usual. (A source that
 * fails is not a failed evaluation: its checks are unknown with the reason, as on the page.) A failure is logged with the
 * workflow and window when it starts or changes, and once when it clears. Workflows that left
 * the config lose their series. Never throws.
 */
export async function sweepCheckStatus(opts: CheckSweepOptions = {}): Promise<CheckSweepOutcome> {
  const { log = console, metrics = checkMetrics, reported = new Map<string, string>(), now = Date.now } = opts;
  const timeoutMs = opts.timeoutMs ?? EVALUATION_TIMEOUT_MS;
  const window = parseWindow({}, now());
  const windowText = `${formatInstant(window.fromMs)} – ${formatInstant(window.toMs)}`;
  const outcome: CheckSweepOutcome = { workflows: 0, failed: [], removed: [] };

  const failed = (workflow: string, message: string) => {
    recordFailure(metrics, workflow);
    outcome.failed.push(workflow);
    if (reported.get(workflow) !== message) {
      log.error(
        `[asyncscope] check sweep: workflow ${workflow} could not be evaluated over ${windowText}: ${message}; its checks read unknown (3) at /api/metrics until it is evaluated again`,
      );
    }
    reported.set(workflow, message);
  };

  let config: AsyncscopeConfig;
  try {
    config = opts.config ? opts.config() : appConfig();
  } catch (error) {
    // The config was valid at start-up; if it cannot be read now (a Next.js dev reload of an
    // edited file), nothing is known about any workflow: every one with series reads unknown.
    if (opts.signal?.aborted) return outcome;
    for (const workflow of await workflowsWithSeries(metrics))
      failed(workflow, `the config cannot be read: ${messageOf(error)}`);
    return outcome;
  }

  const injected = opts.config !== undefined;
  const results = await Promise.allSettled(
    config.workflows.map((workflow) => within(evaluateShared(workflow, window, injected ? { config } : {}), timeoutMs)),
  );
  if (opts.signal?.aborted) return outcome;

  outcome.workflows = config.workflows.length;
  const evaluatedAtMs = now();
  config.workflows.forEach((workflow, i) => {
    const result = results[i]!;
    if (result.status === "rejected") {
      failed(workflow.id, messageOf(result.reason));
      return;
    }
    recordEvaluation(metrics, result.value, evaluatedAtMs);
    if (reported.get(workflow.id)) log.info(`[asyncscope] check sweep: workflow ${workflow.id} is evaluated again`);
    reported.set(workflow.id, "");
  });

  const configured = new Set(config.workflows.map((workflow) => workflow.id));
  for (const workflow of new Set([...(await workflowsWithSeries(metrics)), ...reported.keys()])) {
    if (configured.has(workflow)) continue;
    await removeWorkflow(metrics, workflow, true);
    reported.delete(workflow);
    outcome.removed.push(workflow);
    log.info(`[asyncscope] check sweep: workflow ${workflow} is no longer in the config; its series are removed`);
  }
  return outcome;
}

export interface CheckSweep {
  /** Stops the timer, waits for a sweep in progress (its results are dropped) and removes the gauges. */
  stop(): Promise<void>;
}

const SWEEP = Symbol.for("asyncscope.check-sweep");
const holder = globalThis as unknown as Record<symbol, CheckSweep | undefined>;

/**
 * Runs a sweep every `intervalMs`, never two at once (a tick while one runs is skipped, logged
 * and counted in asyncscope_check_sweeps_skipped_total), and one sweep per process: a second
 * start (Next.js calling register() again) returns the running one. The timer does not keep
 * the process alive. The first sweep runs one interval after the start.
 */
export function startCheckSweep(
  intervalMs: number,
  opts: Omit<CheckSweepOptions, "reported" | "signal"> = {},
): CheckSweep {
  const running = holder[SWEEP];
  if (running) return running;
  const log = opts.log ?? console;
  const metrics = opts.metrics ?? checkMetrics;
  const reported = new Map<string, string>();
  const stopping = new AbortController();
  let current: Promise<void> | undefined;

  const tick = () => {
    if (current) {
      metrics.skipped.inc();
      log.warn(
        `[asyncscope] check sweep still running after ${intervalMs / 1000} s; skipping this one (asyncscope_check_evaluated_timestamp_seconds stops advancing meanwhile)`,
      );
      return;
    }
    current = sweepCheckStatus({ ...opts, log, metrics, reported, signal: stopping.signal })
      .then(
        () => undefined,
        // sweepCheckStatus does not throw; if it does, that is a bug worth a line each time.
        (error: unknown) => log.error(`[asyncscope] check sweep failed: ${messageOf(error)}`),
      )
      .finally(() => {
        current = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();

  const sweep: CheckSweep = {
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      if (holder[SWEEP] === sweep) holder[SWEEP] = undefined;
      await current;
      // Nobody keeps these up to date any more: the last values must not stand as the present.
      for (const workflow of await workflowsWithSeries(metrics)) await removeWorkflow(metrics, workflow, false);
    },
  };
  holder[SWEEP] = sweep;
  return sweep;
}

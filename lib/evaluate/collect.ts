import "server-only";
// Fetching what one workflow needs for one window, in parallel, each source under a deadline.
// Never throws for a failed source: the failure becomes `{ ok: false, source, reason }` and the
// checks that need it say unknown with that reason; a source nobody configured says so. The
// number of upstream queries is bounded by the config (the broker's metric plan, expected
// consumer services), never by traces or messages. Live sources and recordings answer through
// the same readers (lib/sources/readers.ts): nothing here knows which it is talking to.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { DestinationRef, DestinationSignal } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import type { DestinationHistory, Observed, TraceSample, Unobserved, WorkflowSignals } from "@/lib/analysis/types";
import type { MetricPlan } from "@/lib/sources/broker";
import { isSourceError } from "@/lib/sources/errors";
import { sourceDisplayName } from "@/lib/sources/names";
import {
  RecordedFailure,
  type CounterRange,
  type MetricRange,
  type SeriesAnswer,
  type SignalReaders,
} from "@/lib/sources/readers";
import { MAX_LINE_LIMIT } from "@/lib/sources/logs/config";
import type { LogSample } from "@/lib/domain/log";
import { workflowServices } from "@/lib/analysis/log-findings";
import { logStepSeconds, traceIdsForLogs } from "./log-lookups";

export interface CollectOptions {
  /** Deadline for each source's part of the evaluation (default 10 s). */
  deadlineMs?: number;
  /** Traces asked of Jaeger per search (default 1000). */
  traceLimit?: number;
  now?: () => number;
}

/**
 * Lines asked for the traces one evaluation looks at: the most any config allows, so the
 * configured sources.logs.lineLimit (applied by the logs client) is what bounds it.
 */
export const LOG_LINE_LIMIT = MAX_LINE_LIMIT;

/** The default deadline for each source's part of one evaluation. */
export const SOURCE_DEADLINE_MS = 10_000;

/** The metrics look back at least this far, so "no ack for 5 minutes" can be judged in a short window. */
export const MIN_METRIC_LOOKBACK_MS = 15 * 60_000;

class DeadlineError extends Error {}

function reasonOf(source: SourceName, error: unknown): string {
  if (isSourceError(error) || error instanceof DeadlineError || error instanceof RecordedFailure) return error.message;
  // Not a SourceError: a bug on our side (a bad query we built, a mapping error). Say so.
  return `${sourceDisplayName(source)} data could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

function withDeadline<T>(source: SourceName, ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`${sourceDisplayName(source)} did not answer within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function observe<T>(source: SourceName, ms: number, work: () => Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await withDeadline(source, ms, work()) };
  } catch (error) {
    return { ok: false, source, reason: reasonOf(source, error) };
  }
}

/** An answer with the server's warnings kept next to it (a partial answer is not a whole one). */
async function observeSeries(
  source: SourceName,
  ms: number,
  work: () => Promise<SeriesAnswer>,
): Promise<Observed<Series[]>> {
  const answer = await observe(source, ms, work);
  if (!answer.ok) return answer;
  const { series, warnings } = answer.value;
  return warnings.length ? { ok: true, value: series, warnings } : { ok: true, value: series };
}

const unconfigured = (source: SourceName): Unobserved => ({
  ok: false,
  source,
  unconfigured: true,
  reason: `${sourceDisplayName(source)} is not configured (sources.${source} in asyncscope.yaml)`,
});

/** The lookback the metric checks need: at least 15 minutes, and two of the no-ack limit. */
function minLookbackMs(workflow: WorkflowConfig): number {
  return Math.max(MIN_METRIC_LOOKBACK_MS, workflow.thresholds.noAckFor * 2000);
}

async function history(
  readers: SignalReaders,
  workflow: WorkflowConfig,
  window: { fromMs: number; toMs: number },
  ms: number,
  deadLetters: Promise<DestinationRef[]>,
): Promise<DestinationHistory> {
  const metrics = readers.metrics;
  const absentCounter = readers.recorded?.absentCounter;
  if (!metrics) {
    const range = { fromMs: Math.min(window.fromMs, window.toMs - minLookbackMs(workflow)), stepSeconds: 0 };
    const plan = readers.metricPlan({ stepSeconds: 1, rateRangeSeconds: 1 });
    const signals: DestinationHistory["signals"] = {};
    for (const q of plan.queries) signals[q.signal] = unconfigured("prometheus");
    return { signals, drops: unconfigured("prometheus"), absentCounter: absentCounter ?? plan.absentCounter, ...range };
  }
  const range: CounterRange = metrics.range(window, minLookbackMs(workflow));
  const plan: MetricPlan = readers.metricPlan(range);
  // Every query at once, the drop counters too: each runs under the same deadline, so a
  // Prometheus that hangs costs one deadline, not one per query in turn.
  const [answers, drops] = await Promise.all([
    Promise.all(
      plan.queries.map(async (query): Promise<[DestinationSignal, Observed<Series[]> | undefined]> => {
        let recordedNone = false;
        const observed = await observeSeries("prometheus", ms, async () => {
          // The dead-letter destinations ride along once the broker has named them.
          const also = query.withDeadLetters ? await deadLetters : [];
          const answer = await metrics.signal(query, plan, also, range);
          if (!answer) recordedNone = true;
          return answer ?? { series: [], warnings: [] };
        });
        return [query.signal, recordedNone ? undefined : observed];
      }),
    ),
    observeSeries("prometheus", ms, () => metrics.drops(workflow.dropCounters, range)),
  ]);
  const signals: DestinationHistory["signals"] = {};
  for (const [signal, observed] of answers) if (observed) signals[signal] = observed;
  return {
    signals,
    drops,
    absentCounter: absentCounter ?? plan.absentCounter,
    stepSeconds: range.stepSeconds,
    rateRangeSeconds: range.rateRangeSeconds,
    fromMs: range.fromMs,
  };
}

export async function collectSignals(
  readers: SignalReaders,
  workflow: WorkflowConfig,
  requested: { fromMs: number; toMs: number },
  opts: CollectOptions = {},
): Promise<WorkflowSignals> {
  const ms = opts.deadlineMs ?? SOURCE_DEADLINE_MS;
  // A recording answers for the window and clock it was captured with.
  const window = readers.recorded?.window ?? requested;
  const now = readers.recorded?.nowMs ?? (opts.now ?? Date.now)();
  const broker = workflow.broker;
  const stateReader = readers.broker;
  const state = stateReader
    ? observe(broker, ms, () => stateReader.state(workflow.destinations))
    : Promise.resolve(unconfigured(broker));
  // Wait for the broker's dead-letter destinations at most half the deadline, so a slow broker
  // cannot take the depth query (and every check that needs it) down with it.
  const deadLetters = Promise.race([
    state.then((s) => (s.ok ? s.value.deadLetterRoutes.flatMap((r) => r.targets) : [])),
    new Promise<DestinationRef[]>((resolve) => setTimeout(() => resolve([]), ms / 2).unref?.()),
  ]);
  const traceEnd = new Date(Math.min(window.toMs, now));
  const traceReader = readers.traces;
  const traces: Promise<Observed<TraceSample>> = !traceReader
    ? Promise.resolve(unconfigured("jaeger"))
    : !workflow.producer || workflow.expectedSpans.length === 0
      ? // Nothing to search for: the trace checks say what to declare, Jaeger is not asked.
        Promise.resolve({
          ok: false,
          source: "jaeger",
          unconfigured: true,
          reason: `not configured: add producer and expectedSpans to workflow ${workflow.id} to judge its traces`,
        })
      : traceEnd.getTime() > window.fromMs
        ? observe("jaeger", ms, () =>
            traceReader.sample(workflow, new Date(window.fromMs), traceEnd, opts.traceLimit ?? 1000),
          )
        : Promise.resolve({ ok: false, source: "jaeger", reason: "the window is in the future" });
  const logs = readLogs(readers, workflow, window, now, ms, traces);
  const [s, h, t, l] = await Promise.all([state, history(readers, workflow, window, ms, deadLetters), traces, logs]);
  return {
    version: 2,
    workflowId: workflow.id,
    window,
    nowMs: now,
    broker,
    state: s,
    history: h,
    traces: t,
    ...(l ? { logs: l } : {}),
    staleAfterMs: readers.staleAfterMs,
  };
}

/**
 * The workflow services' line counts over the metric lookback, and the lines of the traces
 * the sample holds (once it has arrived: which traces to ask about depends on it). One failed
 * query makes the whole log sample unknown: half an answer would read as silence. undefined:
 * replaying a recording made before logs were read.
 */
async function readLogs(
  readers: SignalReaders,
  workflow: WorkflowConfig,
  window: { fromMs: number; toMs: number },
  now: number,
  ms: number,
  traces: Promise<Observed<TraceSample>>,
): Promise<Observed<LogSample> | undefined> {
  if (readers.recorded && readers.recorded.logsRecorded === false) return undefined;
  const reader = readers.logs;
  if (!reader) return unconfigured("logs");
  const toMs = Math.min(window.toMs, now);
  const fromMs = Math.min(window.fromMs, toMs - minLookbackMs(workflow));
  const range: MetricRange = { fromMs, toMs, stepSeconds: logStepSeconds(fromMs, toMs) };
  // Messages over the window judged: a burst quotes its own lines, not an earlier incident's.
  const activity = observe("logs", ms, () =>
    reader.activity(workflowServices(workflow), range, Math.max(fromMs, Math.min(window.fromMs, toMs))),
  );
  const sample = await traces;
  const traceIds = sample.ok ? traceIdsForLogs(workflow, sample.value, now) : [];
  const [a, lines] = await Promise.all([
    activity,
    observe("logs", ms, () =>
      traceIds.length
        ? reader.traceLines(traceIds, { fromMs: window.fromMs, toMs }, LOG_LINE_LIMIT)
        : Promise.resolve({ traceIds: [], lines: [], truncated: false, limit: LOG_LINE_LIMIT }),
    ),
  ]);
  if (!a.ok) return a;
  if (!lines.ok) return lines;
  return {
    ok: true,
    value: {
      store: reader.store,
      activity: a.value,
      traces: lines.value,
      warnings: [...new Set([...(a.value.partial ?? []), ...(lines.value.partial ?? [])])],
    },
  };
}

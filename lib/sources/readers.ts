// What one evaluation reads, whoever answers: the live sources (registry.ts) or a recording
// (recording/readers.ts). lib/evaluate/collect.ts asks these and nothing else, so a replayed
// recording goes through exactly the code a live evaluation does. A reader that is absent is
// a source nobody configured; one that throws is a source that failed.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { DestinationRef } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type { TraceSample } from "@/lib/analysis/types";
import type { LogActivity, TraceLogLines } from "@/lib/domain/log";
import type { BrokerClient, MetricPlan, MetricQuery, RateWindow } from "./broker";

export interface MetricRange {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
}

/** A metric range as the counter queries need it: with the range of their rate() (prometheus/promql.ts). */
export interface CounterRange extends MetricRange {
  rateRangeSeconds: number;
}

export interface SeriesAnswer {
  series: Series[];
  /** What the server warned about its answer (partial data from a remote store…). */
  warnings: string[];
}

export interface MetricReader {
  /** The lookback and step for a window: at least `minLookbackMs` back (a recording answers with its own). */
  range(window: { fromMs: number; toMs: number }, minLookbackMs: number): CounterRange;
  /** One signal's series, each labelled with its destination's key; series of no destination are dropped. */
  /** undefined: this source has no such signal (a recording made without it). */
  signal(
    query: MetricQuery,
    plan: MetricPlan,
    also: readonly DestinationRef[],
    range: CounterRange,
  ): Promise<SeriesAnswer | undefined>;
  /** Per-step increases of the configured drop counters, one series each (labels.counter). */
  drops(counters: readonly string[], range: CounterRange): Promise<SeriesAnswer>;
}

export interface TraceReader {
  /** The workflow's traces started in [start, end], at most `limit` per search. */
  sample(workflow: WorkflowConfig, start: Date, end: Date, limit: number): Promise<TraceSample>;
}

export interface LogReader {
  /** The store that answers ("victorialogs", "loki", "elasticsearch"). */
  store: string;
  /**
   * Lines per step and level of each service over the range, and the top error/warn messages
   * from `messagesFromMs` (the window judged; default the range's start) to the range's end.
   */
  activity(services: readonly string[], range: MetricRange, messagesFromMs?: number): Promise<LogActivity>;
  /** Lines of these traces (every service) in [fromMs, toMs], oldest first, the newest `limit` kept. */
  traceLines(
    traceIds: readonly string[],
    window: { fromMs: number; toMs: number },
    limit: number,
  ): Promise<TraceLogLines>;
}

export interface SignalReaders {
  /** The broker adapter's metric plan for the workflow's destinations at this step and rate range. */
  metricPlan(rates: RateWindow): MetricPlan;
  broker?: Pick<BrokerClient, "state">;
  metrics?: MetricReader;
  traces?: TraceReader;
  logs?: LogReader;
  /** How old a value from each source may be and still count as now (ms). */
  staleAfterMs: Record<string, number>;
  /**
   * Set by a recording: it answers for the window and clock it was captured with, whatever
   * window is asked, and says how its counters read.
   */
  recorded?: {
    window: { fromMs: number; toMs: number };
    nowMs: number;
    absentCounter: "zero" | "unknown";
    /** false: recorded before logs were read (the replay has no logs, not "no log store"). */
    logsRecorded?: boolean;
  };
}

/** A source that failed when the recording was made: replayed as the same failure. */
export class RecordedFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "RecordedFailure";
  }
}

// Metric series as the app sees them, whatever source produced them.
// A missing sample is absent (or `null` in a dense grid), never 0: "no data" drawn as zero is
// how dashboards showed green while orders were stuck.

export type Labels = Readonly<Record<string, string>>;

/** One sample. `value` may be NaN or ±Infinity: Prometheus sends them and they mean something. */
export interface SamplePoint {
  /** Unix time in milliseconds. */
  tsMs: number;
  value: number;
}

export interface Series {
  labels: Labels;
  /** Sorted by time; gaps are simply missing points (Prometheus drops stale samples). */
  points: SamplePoint[];
  /** Native histogram samples (Prometheus ≥2.40), when the series holds histograms. */
  histograms?: NativeHistogramPoint[];
}

export interface NativeHistogramPoint {
  tsMs: number;
  count: number;
  sum: number;
  /** boundaryRule: 0 open left, 1 open right, 2 open both, 3 closed both (Prometheus API docs). */
  buckets: Array<{ boundaryRule: number; lower: number; upper: number; count: number }>;
}

/** The result of one query, with what the server told us about it. */
export interface SeriesResult {
  series: Series[];
  /** Server warnings (e.g. partial data from a remote store). Never dropped. */
  warnings: string[];
  /** Server info annotations (Prometheus ≥2.45 `infos`). */
  infos: string[];
  /** The exact query that was sent, so a person can paste it into Prometheus. */
  query: string;
  /** Range queries only: the step the client chose, in seconds. */
  stepSeconds?: number;
}

/** A single-number answer (Prometheus `scalar`). */
export interface ScalarResult {
  tsMs: number;
  value: number;
  warnings: string[];
  infos: string[];
  query: string;
}

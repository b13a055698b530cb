// Log lines and log activity as the app sees them, whatever store answered (VictoriaLogs, Loki,
// Elasticsearch/OpenSearch). JSON-serialisable: they ride in evidence bundles, so a share link
// shows the lines it showed when it was made.

/** Levels folded to five words; a store's "WARNING", "err", "fatal" map here (lib/sources/logs/level.ts). */
export type LogLevel = "error" | "warn" | "info" | "debug" | "other";
export const LOG_LEVELS: readonly LogLevel[] = ["error", "warn", "info", "debug", "other"];

export interface LogLine {
  /** Unix time in milliseconds. */
  timeMs: number;
  /** The service that wrote it (the configured service field); "" when the line has none. */
  service: string;
  level: LogLevel;
  /** The level as the store had it, when it differs from `level` ("WARNING", "fatal"). */
  rawLevel?: string;
  message: string;
  traceId?: string;
  spanId?: string;
  /** A few other fields of the line (event ids, error text), strings only, for display. */
  fields?: Record<string, string>;
}

/** Lines of a set of traces, oldest first. */
export interface TraceLogLines {
  /** The trace ids asked for (lines of other traces are never here). */
  traceIds: string[];
  lines: LogLine[];
  /** The store had more lines than the limit: the newest `limit` are kept. */
  truncated: boolean;
  limit: number;
  /** The store said its answer is partial (timed out, failed shards): a trace with no line proves nothing. */
  partial?: string[];
}

/** One service's lines over the lookback, counted per step and level. */
export interface ServiceLogActivity {
  service: string;
  /** Step start (ms) → count per level; a step with no line is absent (no line is a fact here, counted as 0). */
  buckets: Array<{ tsMs: number; counts: Partial<Record<LogLevel, number>> }>;
  /** The newest line's time in the lookback, or null when it wrote none. */
  lastLineMs: number | null;
}

/** The most frequent error and warning messages per service over the lookback. */
export interface LogMessageCount {
  service: string;
  level: LogLevel;
  message: string;
  count: number;
}

export interface LogActivity {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  /** One entry per service asked about, in the order asked (a service with no line has empty buckets). */
  services: ServiceLogActivity[];
  /** Top error/warn messages (at most a few dozen), most frequent first, counted from `messagesFromMs`. */
  messages: LogMessageCount[];
  /** Where the message counts start (the window judged), when later than `fromMs`. */
  messagesFromMs?: number;
  /** The store said its answer is partial (timed out, failed shards): a silence in it proves nothing. */
  partial?: string[];
}

/** What one evaluation read from the log store. */
export interface LogSample {
  /** The store that answered ("victorialogs", "loki", "elasticsearch"). */
  store: string;
  activity: LogActivity;
  traces: TraceLogLines;
  /** What the store said about its answers (partial results), shown with the check. */
  warnings: string[];
}

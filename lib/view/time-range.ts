import { parseDurationSeconds } from "@/lib/config/duration";

// The time window of a view, read from and written to the URL. The server page and the
// client components use these same functions, so a pasted link renders the same window.
//
//   ?range=15m                        relative: the last 15 minutes, moving with "now"
//   ?from=2026-11-23T14:00:00Z&to=…   absolute: what "Copy link" produces, fixed forever

export const RELATIVE_PRESETS = ["5m", "15m", "1h", "3h", "6h", "12h", "24h", "7d"] as const;
export const DEFAULT_RANGE = "15m";
/** Longer windows would make every panel's queries unbounded for the upstream systems. */
export const MAX_WINDOW_SECONDS = 31 * 86_400;

export type TimeRange =
  | { kind: "relative"; range: string; fromMs: number; toMs: number }
  | { kind: "absolute"; fromMs: number; toMs: number };

export interface TimeRangeProblem {
  /** The URL parameter at fault: "from", "to" or "range". */
  parameter: "from" | "to" | "range";
  message: string;
}

export type ParsedTimeRange = { ok: true; range: TimeRange } | { ok: false; problem: TimeRangeProblem };

type Params = Readonly<Record<string, string | string[] | undefined>> | URLSearchParams;

function read(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/** RFC 3339 with an explicit offset ("Z" or ±hh:mm); a bare local time would be ambiguous. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(raw: string, parameter: "from" | "to"): number | TimeRangeProblem {
  // An unencoded "+01:00" in a pasted link arrives as " 01:00" (a "+" in a query string is a space).
  const text = raw.replace(/ (\d{2}:\d{2})$/, "+$1");
  if (!RFC3339.test(text)) {
    return {
      parameter,
      message: `${parameter}: expected an RFC 3339 time with a zone, such as 2026-11-23T14:00:00Z, got "${text}"`,
    };
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return { parameter, message: `${parameter}: "${text}" is not a real date` };
  return ms;
}

/** Reads the window from URL parameters; `nowMs` anchors relative ranges. */
export function parseTimeRange(params: Params, nowMs: number): ParsedTimeRange {
  const fromText = read(params, "from");
  const toText = read(params, "to");
  if (fromText !== undefined || toText !== undefined) {
    if (fromText === undefined)
      return { ok: false, problem: { parameter: "from", message: "from: required when to is given" } };
    if (toText === undefined)
      return { ok: false, problem: { parameter: "to", message: "to: required when from is given" } };
    const fromMs = parseInstant(fromText, "from");
    if (typeof fromMs !== "number") return { ok: false, problem: fromMs };
    const toMs = parseInstant(toText, "to");
    if (typeof toMs !== "number") return { ok: false, problem: toMs };
    if (toMs <= fromMs) return { ok: false, problem: { parameter: "to", message: "to: must be after from" } };
    if ((toMs - fromMs) / 1000 > MAX_WINDOW_SECONDS) {
      return { ok: false, problem: { parameter: "from", message: "from: the window may span at most 31 days" } };
    }
    return { ok: true, range: { kind: "absolute", fromMs, toMs } };
  }
  const range = read(params, "range") ?? DEFAULT_RANGE;
  const seconds = parseDurationSeconds(range);
  if (seconds === undefined || seconds <= 0) {
    return {
      ok: false,
      problem: { parameter: "range", message: `range: expected a duration such as 15m or 1h, got "${range}"` },
    };
  }
  if (seconds > MAX_WINDOW_SECONDS) {
    return { ok: false, problem: { parameter: "range", message: "range: at most 31d" } };
  }
  return { ok: true, range: { kind: "relative", range, fromMs: nowMs - seconds * 1000, toMs: nowMs } };
}

/** Seconds-precision RFC 3339 in UTC: what links carry. */
export function formatInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** URL parameters that reproduce this exact window later, whatever "now" is then. */
export function absoluteParams(range: TimeRange): { from: string; to: string } {
  return { from: formatInstant(range.fromMs), to: formatInstant(range.toMs) };
}

/** URL parameters as the view holds them (relative stays relative while browsing). */
export function rangeParams(range: TimeRange): Record<string, string> {
  return range.kind === "relative" ? { range: range.range } : absoluteParams(range);
}

import { parseDurationSeconds } from "@/lib/config/duration";
import { formatInstant } from "./window-link";

// The one parser of evaluation windows, with the one maximum: the workflow page (which hands its
// toolbar the window resolved here), the JSON API, share links, pins and scripts all read windows
// here, so a pasted link renders the same window everywhere and no path accepts what another
// refuses. Server-side only: the browser's toolbar needs just lib/view/window-link.ts.
//
//   ?range=15m                        relative: the last 15 minutes, moving with "now"
//   ?from=2026-11-23T14:00:00Z&to=…   absolute: what "Copy link" produces, fixed forever
//   ?from=…                           from then until now;   ?to=…   the 15 minutes before it
//   an empty value is the same as none

export const DEFAULT_RANGE = "15m";
export const DEFAULT_WINDOW_MS = 15 * 60_000;
/** Longer windows would make every panel's queries unbounded for the upstream systems. */
export const MAX_WINDOW_MS = 7 * 86_400_000;
/** Windows ending "now" end on this grid, so viewers in the same seconds share one evaluation. */
export const ALIGN_MS = 5_000;

/** `nowMs` rounded down to the alignment grid. */
export function alignedNow(nowMs: number): number {
  return Math.floor(nowMs / ALIGN_MS) * ALIGN_MS;
}

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
  const value = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
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

const TOO_LONG = "the window may span at most 7 days";

/** Reads the window from URL parameters; `nowMs` anchors relative ranges and an open end. */
export function parseTimeRange(params: Params, nowMs: number): ParsedTimeRange {
  const fromText = read(params, "from");
  const toText = read(params, "to");
  if (fromText !== undefined || toText !== undefined) {
    const toMs = toText === undefined ? nowMs : parseInstant(toText, "to");
    if (typeof toMs !== "number") return { ok: false, problem: toMs };
    const fromMs = fromText === undefined ? toMs - DEFAULT_WINDOW_MS : parseInstant(fromText, "from");
    if (typeof fromMs !== "number") return { ok: false, problem: fromMs };
    if (toMs <= fromMs) {
      return toText === undefined
        ? { ok: false, problem: { parameter: "from", message: "from: must be before now" } }
        : { ok: false, problem: { parameter: "to", message: "to: must be after from" } };
    }
    if (toMs - fromMs > MAX_WINDOW_MS)
      return { ok: false, problem: { parameter: "from", message: `from: ${TOO_LONG}` } };
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
  if (seconds * 1000 > MAX_WINDOW_MS) {
    return { ok: false, problem: { parameter: "range", message: `range: ${TOO_LONG}` } };
  }
  return { ok: true, range: { kind: "relative", range, fromMs: nowMs - seconds * 1000, toMs: nowMs } };
}

/** A window that cannot be used; `parameter` names the one at fault (the API answers 400 with it). */
export class WindowError extends Error {
  readonly parameter: TimeRangeProblem["parameter"];
  constructor(problem: TimeRangeProblem) {
    super(problem.message);
    this.name = "WindowError";
    this.parameter = problem.parameter;
  }
}

/**
 * The window of an API call or a script: the same rules as a page's URL, the end of an open
 * window aligned to 5 s. Throws WindowError naming the parameter.
 */
export function parseWindow(params: Params, nowMs: number): { fromMs: number; toMs: number } {
  const parsed = parseTimeRange(params, alignedNow(nowMs));
  if (!parsed.ok) throw new WindowError(parsed.problem);
  return { fromMs: parsed.range.fromMs, toMs: parsed.range.toMs };
}

/** URL parameters that reproduce this exact window later, whatever "now" is then. */
export function absoluteParams(range: TimeRange): { from: string; to: string } {
  return { from: formatInstant(range.fromMs), to: formatInstant(range.toMs) };
}

/** URL parameters as the view holds them (relative stays relative while browsing). */
export function rangeParams(range: TimeRange): Record<string, string> {
  return range.kind === "relative" ? { range: range.range } : absoluteParams(range);
}

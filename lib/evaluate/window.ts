// Parsing an evaluation window from query parameters. Shared by the API and the pages, so a
// URL reproduces the same evaluation. Errors name the parameter.
import { z } from "zod";

export const DEFAULT_WINDOW_MS = 15 * 60_000;
/** Longer windows would ask Prometheus and Jaeger for more than a page can use. */
export const MAX_WINDOW_MS = 7 * 24 * 3600_000;
/** Default window ends are aligned to this, so viewers in the same seconds share one evaluation. */
export const ALIGN_MS = 5_000;

export class WindowError extends Error {
  readonly parameter: "from" | "to";
  constructor(parameter: "from" | "to", message: string) {
    super(message);
    this.name = "WindowError";
    this.parameter = parameter;
  }
}

const rfc3339 = z.iso.datetime({ offset: true, error: "expected an RFC 3339 time such as 2026-11-23T19:00:00Z" });

export interface EvaluationWindow {
  fromMs: number;
  toMs: number;
}

function parseTime(parameter: "from" | "to", raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || raw === "") return undefined;
  const parsed = rfc3339.safeParse(raw);
  if (!parsed.success)
    throw new WindowError(
      parameter,
      `${parameter}: ${parsed.error.issues[0]?.message ?? "invalid time"} (got ${JSON.stringify(raw)})`,
    );
  return Date.parse(parsed.data);
}

/** from/to as RFC 3339; default: the last 15 minutes ending now (aligned to 5 s). */
export function parseWindow(params: { from?: string | null; to?: string | null }, nowMs: number): EvaluationWindow {
  const to = parseTime("to", params.to);
  const from = parseTime("from", params.from);
  const toMs = to ?? Math.floor(nowMs / ALIGN_MS) * ALIGN_MS;
  const fromMs = from ?? toMs - DEFAULT_WINDOW_MS;
  if (!(fromMs < toMs))
    throw new WindowError(
      from !== undefined ? "from" : "to",
      `from must be before to (from ${new Date(fromMs).toISOString()}, to ${new Date(toMs).toISOString()})`,
    );
  if (toMs - fromMs > MAX_WINDOW_MS) throw new WindowError("from", `the window is longer than 7 days; narrow from/to`);
  return { fromMs, toMs };
}

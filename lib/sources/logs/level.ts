// Folds a store's level word (or an OpenTelemetry severity number) to the five LogLevels.
// Shippers disagree: syslog says "crit"/"emerg", Python "WARNING", Go's zap "dpanic", OTel
// sends severity numbers 1–24, Loki's detected_level says "unknown" when it could not tell.
import type { LogLevel } from "@/lib/domain/log";

const WORDS: Record<string, LogLevel> = {
  error: "error",
  err: "error",
  fatal: "error",
  critical: "error",
  crit: "error",
  panic: "error",
  dpanic: "error",
  emerg: "error",
  emergency: "error",
  alert: "error",
  severe: "error",
  warn: "warn",
  warning: "warn",
  info: "info",
  information: "info",
  informational: "info",
  notice: "info",
  debug: "debug",
  trace: "debug",
  fine: "debug",
  finer: "debug",
  finest: "debug",
};

/** Every raw spelling that folds to error or warn, lower case (for store-side filters, matched case-insensitively). */
export const ERROR_WARN_WORDS: readonly string[] = Object.entries(WORDS)
  .filter(([, level]) => level === "error" || level === "warn")
  .map(([word]) => word);

export interface FoldedLevel {
  level: LogLevel;
  /** The level as the store had it, only when it differs from `level`. */
  rawLevel?: string;
}

/** OTel SeverityNumber: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
function fromSeverityNumber(n: number): LogLevel {
  if (n >= 17) return "error";
  if (n >= 13) return "warn";
  if (n >= 9) return "info";
  return "debug";
}

export function foldLevel(raw: string | number | undefined | null): FoldedLevel {
  if (raw === undefined || raw === null || raw === "") return { level: "other" };
  const text = String(raw).trim();
  let level: LogLevel;
  if (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 24) level = fromSeverityNumber(Number(text));
  else level = WORDS[text.toLowerCase()] ?? "other";
  return text === level ? { level } : { level, rawLevel: text };
}

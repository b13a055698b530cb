// Ordering statuses and deciding the verdict. Unknown is loud: a check that matters and could
// not be evaluated makes the workflow unknown, never ok (ARCHITECTURE.md, "Health is tri-state").
import type { Check, CheckStatus, Evidence } from "./types";

const RANK: Record<CheckStatus, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** The worse of statuses for one check's subjects: critical > warning > unknown > ok. */
export function worst(statuses: Iterable<CheckStatus>): CheckStatus {
  let out: CheckStatus = "ok";
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}

/**
 * The workflow verdict: the worst check; a problem found (warning/critical) wins over an
 * unknown elsewhere, but unknown on a check that matters beats ok.
 */
export function verdict(checks: readonly Check[]): CheckStatus {
  // Nothing judged (every source failed or none is configured) is not "all clear".
  if (checks.every((check) => check.status === "unknown")) return "unknown";
  let out: CheckStatus = "ok";
  for (const check of checks) {
    const status = check.status === "unknown" && !check.matters ? "ok" : check.status;
    if (RANK[status] > RANK[out]) out = status;
  }
  return out;
}

export function emptyEvidence(): Evidence {
  return { items: [], traceIds: [], ranges: [] };
}

/** A one-line summary of a verdict for lists (the overview, the JSON list endpoint). */
export function verdictSummary(checks: readonly Check[]): string {
  const status = verdict(checks);
  const bad = checks.filter((c) => c.status === "critical" || c.status === "warning");
  const unknown = checks.filter((c) => c.status === "unknown" && c.matters);
  const notConfigured = checks.filter((c) => c.status === "unknown" && !c.matters);
  if (checks.every((c) => c.status === "unknown")) {
    const reasons = [...new Set(checks.map((c) => c.reason ?? "no data"))];
    return `Nothing could be judged: ${reasons.slice(0, 2).join("; ")}${reasons.length > 2 ? "; …" : ""}.`;
  }
  if (status === "ok") {
    if (notConfigured.length === 0) return `All ${checks.length} checks ok.`;
    return `All ${checks.length - notConfigured.length} judged checks ok; not judged: ${notConfigured.map((c) => c.id).join(", ")} (${[...new Set(notConfigured.map((c) => c.reason ?? "no data"))].slice(0, 2).join("; ")}).`;
  }
  const parts: string[] = [];
  for (const check of [...bad].sort((a, b) => RANK[b.status] - RANK[a.status]).slice(0, 2)) parts.push(check.summary);
  if (bad.length > 2) parts.push(`${bad.length - 2} more check${bad.length - 2 === 1 ? "" : "s"} failing.`);
  if (unknown.length) {
    const reasons = [...new Set(unknown.map((c) => c.reason ?? "no data"))];
    parts.push(
      `Unknown: ${unknown.map((c) => c.id).join(", ")} — ${reasons.slice(0, 2).join("; ")}${reasons.length > 2 ? "; …" : ""}.`,
    );
  }
  return parts.join(" ");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "4m 05s", "12s", "2h 03m": human durations for summaries. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (Math.abs(s) < 60) return `${s}s`;
  const m = Math.floor(Math.abs(s) / 60);
  const sign = s < 0 ? "-" : "";
  if (m < 60) return `${sign}${m}m ${String(Math.abs(s) % 60).padStart(2, "0")}s`;
  return `${sign}${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/**
 * An instant inside a sentence, in RFC 3339. Analysis does not know the viewer's zone: the page
 * finds these and shows each in the UTC/Local choice (lib/view/timed-text.ts), while exports,
 * alerts and the JSON API keep them as written.
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

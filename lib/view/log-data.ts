// The log sample → what the logs panel and the open trace's lines show. Pure. Log lines are
// counted, so a step in which a service wrote nothing is 0 lines (the store answered, and had
// none); a failed query is not zero: the panel says the store failed and draws nothing.
import type { LogSample } from "@/lib/domain/log";
import type { Observed, WorkflowHealth } from "@/lib/analysis/types";
import { linesOfTraces } from "./trace-logs";
import type { LogsData, LogsPanelData, ServiceLogCounts, TraceLogs } from "./view-model";

/** Top error/warn messages listed in the panel. */
export const MAX_MESSAGES = 10;

const NOT_RECORDED = "this recording holds no logs: it was made before Asyncscope read logs";

/** A trace's lines as the page's data carries them, or why there are none (absent logs: an old recording). */
export function traceLogsFor(logs: Observed<LogSample> | undefined, traceIds: readonly string[]): TraceLogs {
  if (!logs) return { kind: "none", why: "not-recorded", reason: NOT_RECORDED };
  if (!logs.ok) return { kind: "none", why: logs.unconfigured ? "unconfigured" : "failed", reason: logs.reason };
  const asked = new Set(logs.value.traces.traceIds);
  const lookedUp = traceIds.filter((id) => asked.has(id));
  const { lines, truncated } = linesOfTraces(logs.value.traces.lines, lookedUp);
  // The store kept only the newest lines of all the traces asked about: this trace's may be cut too.
  return { kind: "lines", lookedUp, lines, truncated: truncated || logs.value.traces.truncated };
}

/**
 * Slots of the count chart: the steps of the activity's grid (anchored on its start) that
 * overlap the window and lie inside the range the store counted over.
 */
export function countSlots(
  activity: { fromMs: number; toMs: number; stepSeconds: number },
  window: { fromMs: number; toMs: number },
): number[] {
  const stepMs = activity.stepSeconds * 1000;
  if (stepMs <= 0) return [];
  const from = Math.max(window.fromMs, activity.fromMs);
  const to = Math.min(window.toMs, activity.toMs);
  let t = activity.fromMs + Math.floor((from - activity.fromMs) / stepMs) * stepMs;
  const out: number[] = [];
  for (; t <= to && t < activity.toMs; t += stepMs) if (t + stepMs > from) out.push(t);
  return out;
}

/** Error and warning lines per service on the slots; a step with no line is 0. */
export function serviceCounts(sample: LogSample, window: { fromMs: number; toMs: number }): ServiceLogCounts[] {
  const { activity } = sample;
  const stepMs = activity.stepSeconds * 1000;
  const slots = countSlots(activity, window);
  return activity.services.map((s) => {
    const points = slots.map((tsMs) => ({ tsMs, error: 0, warn: 0 }));
    for (const b of s.buckets) {
      // A bucket off the grid (a store that aligns steps its own way) counts in the step it falls in.
      const i = slots.length ? Math.floor((b.tsMs - slots[0]!) / stepMs) : -1;
      const point = points[i];
      if (!point) continue;
      point.error += b.counts.error ?? 0;
      point.warn += b.counts.warn ?? 0;
    }
    return {
      service: s.service,
      points,
      errorTotal: points.reduce((n, p) => n + p.error, 0),
      warnTotal: points.reduce((n, p) => n + p.warn, 0),
      lastLineMs: s.lastLineMs,
    };
  });
}

/** The log-findings check as the panel lists it. */
function findingsOf(health: WorkflowHealth): LogsData["check"] {
  const check = health.checks.find((c) => c.id === "log-findings");
  if (!check) return null;
  return {
    status: check.status,
    summary: check.summary,
    items: check.evidence.items.map((i) => ({
      subject: i.subject,
      status: i.status,
      text: i.text,
      ...(typeof i.values.kind === "string" ? { kind: i.values.kind } : {}),
    })),
  };
}

export function logsPanel(
  logs: Observed<LogSample> | undefined,
  health: WorkflowHealth,
  window: { fromMs: number; toMs: number },
  /** How people name the store ("VictoriaLogs"); `store` is the sample's or the config's. */
  storeName: (store: string | undefined) => string,
): LogsPanelData {
  if (!logs) return { ok: false, absent: "not-recorded", reason: NOT_RECORDED };
  if (!logs.ok) {
    if (logs.unconfigured) return { ok: false, absent: "unconfigured", reason: logs.reason };
    return { ok: false, source: "logs", sourceName: storeName(undefined), reason: logs.reason };
  }
  const sample = logs.value;
  const notes: string[] = [];
  if (sample.traces.truncated)
    notes.push(
      `More than ${sample.traces.limit} lines for the traces looked up: the newest ${sample.traces.limit} were read.`,
    );
  return {
    ok: true,
    notes,
    data: {
      store: storeName(sample.store),
      stepSeconds: sample.activity.stepSeconds,
      services: serviceCounts(sample, window),
      messages: sample.activity.messages
        .filter((m) => m.level === "error" || m.level === "warn")
        .slice(0, MAX_MESSAGES),
      check: findingsOf(health),
      warnings: [...sample.warnings, ...(logs.warnings ?? [])],
    },
  };
}

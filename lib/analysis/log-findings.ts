// The log-findings check: what the workflow's services wrote, or stopped writing. Three kinds
// of finding, each with its numbers:
// - a burst: error and warning lines above thresholds.logBurstPerMinute in a step of the window;
// - silence: a service that logged and then wrote nothing for thresholds.logSilenceAfter while
//   the other services of the workflow kept logging (a process that is not running);
// - for the traces a consumer acked without their downstream work (the silent-drops facts):
//   the lines that service wrote for them, or its silence for them while it logs for the
//   complete traces (seed 000: `if (!isValid(event)) return nil` leaves nothing).
// Pure: the log sample is read by lib/evaluate/collect.ts.
import type { WorkflowConfig } from "@/lib/config/schema";
import type { LogLine, LogSample, ServiceLogActivity } from "@/lib/domain/log";
import { formatDuration, isoTime, plural, worst } from "./status";
import type { TraceFacts } from "./trace-facts";
import type { Check, CheckStatus, EvidenceItem, Observed } from "./types";

export interface LogFindingsInput {
  workflow: WorkflowConfig;
  /** undefined: a recording made before logs were read. */
  logs: Observed<LogSample> | undefined;
  /** The traces judged at this instant (started in [fromMs, atMs]). */
  facts: readonly TraceFacts[];
  fromMs: number;
  atMs: number;
}

const TITLE = "Log findings";
const EXAMPLES = 5;
/** Lines up to this long before the drop's consumer span started still count as that consumer's. */
const SPAN_SLACK_MS = 1_000;

/** The services whose lines are judged: configured, or those of the producer and expected spans. */
export function workflowServices(workflow: WorkflowConfig): string[] {
  if (workflow.logs?.services) return [...workflow.logs.services];
  const names = [workflow.producer?.service, ...workflow.expectedSpans.map((s) => s.service)];
  return [...new Set(names.filter((n): n is string => Boolean(n)))];
}

/**
 * The newest line at or before `atMs`: exact for the present, else the end of the last step
 * with a line (an upper bound, so silence is never overstated).
 */
function lastLineAt(activity: ServiceLogActivity, atMs: number, stepMs: number): number | null {
  if (activity.lastLineMs !== null && activity.lastLineMs <= atMs) {
    const later = activity.buckets.some((b) => b.tsMs > activity.lastLineMs! && b.tsMs <= atMs && total(b.counts) > 0);
    if (!later) return activity.lastLineMs;
  }
  let last: number | null = null;
  for (const b of activity.buckets) if (b.tsMs <= atMs && total(b.counts) > 0) last = Math.min(b.tsMs + stepMs, atMs);
  return last;
}

function total(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((n, c) => n + (c ?? 0), 0);
}

const quote = (message: string) => `"${message.length > 120 ? `${message.slice(0, 117)}…` : message}"`;

function burstItem(
  activity: ServiceLogActivity,
  sample: LogSample,
  input: LogFindingsInput,
  stepMs: number,
): EvidenceItem | undefined {
  const perMinute = input.workflow.thresholds.logBurstPerMinute;
  let errors = 0;
  let warnings = 0;
  let firstMs: number | undefined;
  for (const b of activity.buckets) {
    if (b.tsMs + stepMs <= input.fromMs || b.tsMs > input.atMs) continue;
    const e = b.counts.error ?? 0;
    const w = b.counts.warn ?? 0;
    if ((e + w) / (stepMs / 60_000) > perMinute && e + w > 0) {
      errors += e;
      warnings += w;
      firstMs ??= b.tsMs;
    }
  }
  if (errors + warnings === 0) return undefined;
  const top = sample.activity.messages
    .filter((m) => m.service === activity.service && (m.level === "error" || m.level === "warn"))
    .slice(0, 3);
  const said = top.length
    ? ` Most frequent: ${top.map((m) => `${quote(m.message)} (${m.level}) ×${m.count}`).join(", ")}.`
    : "";
  return {
    subject: activity.service,
    status: "warning",
    text: `${activity.service} logged ${plural(errors, "error line")} and ${plural(warnings, "warning line")} from ${isoTime(firstMs!)}${perMinute > 0 ? ` (above ${perMinute} a minute)` : ""}.${said}`,
    values: { errors, warnings, firstAt: isoTime(firstMs!), kind: "burst" },
  };
}

function silenceItem(
  activity: ServiceLogActivity,
  others: ReadonlyArray<{ service: string; lastMs: number | null }>,
  input: LogFindingsInput,
  stepMs: number,
): EvidenceItem | undefined {
  const lastMs = lastLineAt(activity, input.atMs, stepMs);
  if (lastMs === null) return undefined;
  const silenceMs = input.workflow.thresholds.logSilenceAfter * 1000;
  if (input.atMs - lastMs < silenceMs) return undefined;
  // Silent while the others kept logging: a quiet hour for the whole workflow is no traffic.
  const talking = others.filter((o) => o.lastMs !== null && o.lastMs - lastMs >= silenceMs);
  if (talking.length === 0) return undefined;
  return {
    subject: activity.service,
    status: "critical",
    text: `${activity.service} wrote no line since ${isoTime(lastMs)} (${formatDuration(input.atMs - lastMs)}) while ${talking.map((o) => o.service).join(", ")} kept logging: it is not running, or cannot log.`,
    values: { lastLineAt: isoTime(lastMs), silentForMs: input.atMs - lastMs, kind: "silence" },
  };
}

/**
 * A silence read from a partial answer (the store timed out or lost shards) proves nothing: the
 * item stays, as unknown with the store's reason. A burst stands: its lines were found.
 */
function unprovenIfPartial(item: EvidenceItem, partial: readonly string[] | undefined): EvidenceItem {
  const silence = item.values.kind === "silence" || item.values.kind === "no-lines";
  if (!silence || !partial?.length || item.status === "unknown") return item;
  return {
    ...item,
    status: "unknown",
    text: `${item.text} Not proven: the store's answer was partial (${partial.join("; ")}).`,
  };
}

/** Lines of one trace by one service, from the consumer span's start on. */
function linesOf(byTrace: Map<string, LogLine[]>, traceId: string, service: string, sinceMs = 0): LogLine[] {
  return (byTrace.get(traceId) ?? []).filter((l) => l.service === service && l.timeMs >= sinceMs - SPAN_SLACK_MS);
}

/** What each dropping consumer wrote for the traces it acked without their downstream work. */
function dropItems(sample: LogSample, input: LogFindingsInput): { items: EvidenceItem[]; traceIds: string[] } {
  const asked = new Set(sample.traces.traceIds);
  const byTrace = new Map<string, LogLine[]>();
  for (const line of sample.traces.lines) {
    if (!line.traceId) continue;
    (byTrace.get(line.traceId) ?? byTrace.set(line.traceId, []).get(line.traceId)!).push(line);
  }
  const judged = input.facts.filter((f) => f.judged && asked.has(f.traceId));
  const drops = judged.flatMap((f) => f.drops);
  const services = [...new Set(drops.map((d) => d.service))];
  const complete = judged.filter((f) => f.drops.length === 0 && f.missing.length === 0);
  const items: EvidenceItem[] = [];
  const traceIds: string[] = [];
  for (const service of services) {
    const mine = drops.filter((d) => d.service === service);
    const missing = [...new Set(mine.flatMap((d) => d.missing))].join(", ");
    const wrote = mine.map((d) => ({ drop: d, lines: linesOf(byTrace, d.traceId, service, d.startMs) }));
    const loud = wrote.filter((w) => w.lines.some((l) => l.level === "error" || l.level === "warn"));
    const silent = wrote.filter((w) => w.lines.length === 0);
    const reference = complete.filter((f) => linesOf(byTrace, f.traceId, service).length > 0).length;
    traceIds.push(...[...loud, ...silent].slice(0, EXAMPLES).map((w) => w.drop.traceId));
    if (loud.length > 0) {
      const messages = new Map<string, number>();
      for (const w of loud)
        for (const l of w.lines)
          if (l.level === "error" || l.level === "warn") messages.set(l.message, (messages.get(l.message) ?? 0) + 1);
      const [message] = [...messages].sort((a, b) => b[1] - a[1])[0]!;
      const inWindow = sample.activity.messages.find((m) => m.service === service && m.message === message);
      items.push({
        subject: service,
        status: "warning",
        text: `${service} logged ${quote(message)} for ${loud.length} of ${plural(mine.length, "trace")} it acked without ${missing}${inWindow ? `; ${plural(inWindow.count, "line")} of it in the lookback` : ""}: it drops them on purpose, and says so.`,
        values: {
          drops: mine.length,
          logged: loud.length,
          message,
          linesInLookback: inWindow?.count ?? null,
          kind: "drop-logged",
        },
      });
    } else if (silent.length > 0 && sample.traces.partial?.length) {
      // The store said it answered from part of its data: the lines may be in the rest.
      items.push({
        subject: service,
        status: "unknown",
        text: `${service} wrote no line read for ${silent.length} of ${plural(mine.length, "trace")} it acked without ${missing}, but the store's answer was partial (${sample.traces.partial.join("; ")}): its silence proves nothing.`,
        values: { drops: mine.length, silent: silent.length, kind: "drop-unprovable" },
      });
    } else if (silent.length > 0 && sample.traces.truncated) {
      // The store had more lines than were read (the newest kept): an older trace's lines may
      // be among those cut, so its silence proves nothing.
      items.push({
        subject: service,
        status: "unknown",
        text: `${service} wrote no line read for ${silent.length} of ${plural(mine.length, "trace")} it acked without ${missing}, but only the newest ${sample.traces.limit} lines were read: raise sources.logs.lineLimit to judge them.`,
        values: { drops: mine.length, silent: silent.length, kind: "drop-unprovable" },
      });
    } else if (silent.length > 0 && reference > 0) {
      items.push({
        subject: service,
        status: "warning",
        text: `${service} wrote no line for ${silent.length} of ${plural(mine.length, "trace")} it acked without ${missing}, while it logged for ${reference} of ${complete.length} complete traces: a silent drop (no log, no error, no metric).`,
        values: {
          drops: mine.length,
          silent: silent.length,
          completeLogged: reference,
          complete: complete.length,
          kind: "drop-silent",
        },
      });
    } else if (silent.length > 0) {
      items.push({
        subject: service,
        status: "unknown",
        text: `${service} wrote no line for the ${plural(silent.length, "trace")} it acked without ${missing}, nor for any of ${plural(complete.length, "complete trace")}: its lines may not carry the trace id (fields.traceId), so its silence proves nothing.`,
        values: { drops: mine.length, silent: silent.length, completeLogged: 0, kind: "drop-unprovable" },
      });
    }
  }
  return { items, traceIds: [...new Set(traceIds)] };
}

function unknownCheck(reason: string, matters: boolean, sources: Check["sources"] = ["logs"]): Check {
  return {
    id: "log-findings",
    status: "unknown",
    title: TITLE,
    summary: `Cannot tell: ${reason}`,
    reason,
    evidence: { items: [], traceIds: [], ranges: [] },
    sources,
    matters,
  };
}

export function logFindings(input: LogFindingsInput): Check {
  const { logs } = input;
  if (!logs) return unknownCheck("not recorded: this recording was made before Asyncscope read logs", false);
  if (!logs.ok) return unknownCheck(logs.reason, !logs.unconfigured);
  const sample = logs.value;
  const wanted = workflowServices(input.workflow);
  if (wanted.length === 0)
    return unknownCheck(
      `not configured: name the services whose logs to judge in workflow ${input.workflow.id}'s logs.services (or declare its producer and expectedSpans)`,
      false,
    );
  const stepMs = sample.activity.stepSeconds * 1000;
  const activities = wanted.map(
    (service) =>
      sample.activity.services.find((a) => a.service === service) ?? { service, buckets: [], lastLineMs: null },
  );
  const lasts = activities.map((a) => ({ service: a.service, lastMs: lastLineAt(a, input.atMs, stepMs) }));
  const items: EvidenceItem[] = [];
  for (const activity of activities) {
    const others = lasts.filter((o) => o.service !== activity.service);
    const found = [silenceItem(activity, others, input, stepMs), burstItem(activity, sample, input, stepMs)].filter(
      (i): i is EvidenceItem => i !== undefined,
    );
    if (found.length) items.push(...found.map((item) => unprovenIfPartial(item, sample.activity.partial)));
    else if (lasts.find((l) => l.service === activity.service)!.lastMs === null) {
      // Silent for the whole lookback while others log: dead since before it, or not shipping
      // (or named otherwise in the store). Either way not "logs normally".
      const talking = lasts.filter((l) => l.service !== activity.service && l.lastMs !== null);
      items.push(
        unprovenIfPartial(
          {
            subject: activity.service,
            status: talking.length ? "warning" : "unknown",
            text: `No line from ${activity.service} in the lookback${talking.length ? ` while ${talking.map((l) => l.service).join(", ")} logged` : ""}: it is not running, not shipping its logs, or named otherwise in the store (fields.service, logs.services).`,
            values: { lines: 0, kind: "no-lines" },
          },
          sample.activity.partial,
        ),
      );
    } else
      items.push({ subject: activity.service, status: "ok", text: `${activity.service} logs normally.`, values: {} });
  }
  const drops = dropItems(sample, input);
  items.push(...drops.items);
  const judged = items.filter((i) => i.status !== "unknown");
  const bad = items.filter((i) => i.status === "critical" || i.status === "warning");
  const partial = [...(sample.activity.partial ?? []), ...(sample.traces.partial ?? [])];
  const judgedStatus: CheckStatus = judged.length ? worst(judged.map((i) => i.status)) : "unknown";
  // Nothing bad in a partial answer is not "ok": the rest of the data may hold it.
  const status: CheckStatus = judgedStatus === "ok" && partial.length ? "unknown" : judgedStatus;
  const warnings = [
    ...sample.warnings,
    ...(sample.traces.truncated
      ? [`more than ${sample.traces.limit} lines for the traces looked at: the newest ${sample.traces.limit} were read`]
      : []),
  ];
  const check: Check = {
    id: "log-findings",
    status,
    title: TITLE,
    summary: bad.length
      ? bad.map((i) => i.text).join(" ")
      : status === "ok"
        ? `No error burst, no silent service${sample.traces.traceIds.length ? `, and the looked-up traces' lines show no drop` : ""} (${wanted.join(", ")}).`
        : `Cannot tell: no line from any of ${wanted.join(", ")} in the lookback.`,
    evidence: { items, traceIds: drops.traceIds, ranges: [], ...(warnings.length ? { warnings } : {}) },
    sources: drops.items.length ? ["logs", "jaeger"] : ["logs"],
    matters: true,
  };
  if (status === "unknown" && partial.length) {
    check.reason = `the log store's answer was partial (${partial.join("; ")}): nothing bad in it proves nothing`;
    check.summary = `Cannot tell: ${check.reason}`;
  } else if (status === "unknown")
    check.reason = `no line from any of ${wanted.join(", ")} in the lookback: check that they ship logs to the store and the configured field names (sources.logs.fields)`;
  return check;
}

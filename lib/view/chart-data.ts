// Signals → what the metric panels draw. Pure. Every line sits on the step grid of the metric
// query, with null wherever Prometheus had no sample: a scrape that failed is a gap on the
// chart, never a zero. Per-queue points come from lib/analysis/queue-view, the same reading of
// the counters the checks make (a channel counter with no series while the queue was scraped
// is a measured zero there too).
import type { WorkflowConfig } from "@/lib/config/schema";
import type { SamplePoint } from "@/lib/domain/series";
import { consumerMatches } from "@/lib/analysis/broker-checks";
import { queueViews, type Points, type QueueView } from "@/lib/analysis/queue-view";
import { seriesFor } from "@/lib/analysis/series";
import type { WorkflowHealth, WorkflowSignals } from "@/lib/analysis/types";
import type { AgeRow, ChartData, ConsumerRow, DlqRow, LineData, PanelData, Point, QueueConsumers } from "./view-model";

/** The x positions of a query: the step grid covering the window, anchored on a real sample. */
export function stepGrid(anchorMs: number | undefined, fromMs: number, toMs: number, stepMs: number): number[] {
  if (stepMs <= 0 || toMs < fromMs) return [];
  const anchor = anchorMs ?? fromMs;
  const first = anchor - Math.floor((anchor - fromMs) / stepMs) * stepMs;
  const out: number[] = [];
  for (let t = first; t <= toMs; t += stepMs) out.push(t);
  return out;
}

/** Places points on the grid; a grid slot with no sample within half a step is null. */
export function onGrid(points: readonly SamplePoint[], grid: readonly number[], scale = 1): Point[] {
  const byTs = new Map<number, number>();
  for (const p of points) if (Number.isFinite(p.value)) byTs.set(p.tsMs, p.value);
  if (grid.length < 2) return grid.map((t) => [t, byTs.has(t) ? byTs.get(t)! * scale : null]);
  const half = (grid[1]! - grid[0]!) / 2;
  const sorted = [...byTs.entries()].sort((a, b) => a[0] - b[0]);
  let i = 0;
  return grid.map((t): Point => {
    while (i < sorted.length && sorted[i]![0] < t - half) i++;
    const hit = sorted[i];
    return hit && Math.abs(hit[0] - t) <= half ? [t, hit[1] * scale] : [t, null];
  });
}

function anchorOf(views: readonly QueueView[]): number | undefined {
  for (const v of views) if (v.ready.ok && v.ready.points[0]) return v.ready.points[0].tsMs;
  return undefined;
}

type Field = "ready" | "unacked" | "consumers" | "acked" | "published";

/** The first failed source among the views' points for `fields`, if every queue failed on it. */
function failure(
  views: readonly QueueView[],
  fields: readonly Field[],
): { source: "prometheus" | "jaeger" | "rabbitmq"; reason: string } | undefined {
  for (const f of fields) {
    const failed = views.map((v) => v[f]).filter((p): p is Extract<Points, { ok: false }> => !p.ok);
    if (failed.length === views.length && failed[0]) return { source: failed[0].source, reason: failed[0].reason };
  }
  return undefined;
}

interface Ctx {
  workflow: WorkflowConfig;
  signals: WorkflowSignals;
  views: QueueView[];
  grid: number[];
  stepS: number;
}

function panel<T extends ChartData>(data: T, notes: string[]): PanelData<T> {
  return { ok: true, data, notes };
}

function throughput(ctx: Ctx): PanelData<ChartData> {
  const fail = failure(ctx.views, ["published", "acked"]);
  if (fail) return { ok: false, ...fail };
  const lines: LineData[] = [];
  const notes: string[] = [];
  ctx.views.forEach((v, i) => {
    if (v.delay) return; // a delay queue's publishes are the retries already counted upstream
    for (const [field, label, dashed] of [
      ["published", "publish", false],
      ["acked", "ack", true],
    ] as const) {
      const p = v[field];
      if (p.ok)
        lines.push({
          key: `${field}:${v.key}`,
          label: `${v.ref.name} ${label}/s`,
          points: onGrid(p.points, ctx.grid, 1 / ctx.stepS),
          dashed,
          colorIndex: i,
        });
      else notes.push(`${v.ref.name} ${label}: ${p.reason}`);
    }
  });
  return panel({ lines }, notes);
}

function gauge(
  ctx: Ctx,
  fields: ReadonlyArray<{ field: "ready" | "unacked" | "consumers"; label: string; dashed: boolean }>,
): PanelData<ChartData> {
  const fail = failure(
    ctx.views,
    fields.map((f) => f.field),
  );
  if (fail) return { ok: false, ...fail };
  const lines: LineData[] = [];
  const notes: string[] = [];
  ctx.views.forEach((v, i) => {
    for (const { field, label, dashed } of fields) {
      const p = v[field];
      if (p.ok)
        lines.push({
          key: `${field}:${v.key}`,
          label: `${v.ref.name}${label}`,
          points: onGrid(p.points, ctx.grid),
          dashed,
          colorIndex: i,
        });
      else notes.push(`${v.ref.name}${label}: ${p.reason}`);
    }
  });
  return panel({ lines }, notes);
}

/** Seconds since the queue was last seen empty at each step: an upper bound on the oldest message's age. */
export function sinceEmpty(points: readonly Point[]): Point[] {
  let lastEmpty: number | undefined;
  return points.map(([t, v]): Point => {
    if (v === null) return [t, null];
    if (v <= 0) {
      lastEmpty = t;
      return [t, 0];
    }
    return [t, lastEmpty === undefined ? null : (t - lastEmpty) / 1000];
  });
}

/** ready ÷ (ack rate − publish rate) per step over a trailing window; null when not draining. */
export function drainSeconds(
  ready: readonly Point[],
  acks: readonly Point[],
  publishes: readonly Point[],
  stepS: number,
  trailing = 6,
): Point[] {
  return ready.map(([t, r], i): Point => {
    if (r === null) return [t, null];
    if (r <= 0) return [t, 0];
    let acked = 0;
    let published = 0;
    let n = 0;
    for (let j = Math.max(0, i - trailing + 1); j <= i; j++) {
      const a = acks[j]?.[1];
      const p = publishes[j]?.[1];
      if (a === null || a === undefined || p === null || p === undefined) continue;
      acked += a;
      published += p;
      n++;
    }
    if (n === 0) return [t, null];
    const netHz = (acked - published) / (n * stepS);
    return [t, netHz > 0 ? r / netHz : null];
  });
}

function age(ctx: Ctx, health: WorkflowHealth): PanelData<ChartData & { rows: AgeRow[] }> {
  const fail = failure(ctx.views, ["ready"]);
  const check = health.checks.find((c) => c.id === "oldest-message-age");
  const lines: LineData[] = [];
  const notes: string[] = [];
  const rows: AgeRow[] = [];
  ctx.views.forEach((v, i) => {
    const item = check?.evidence.items.find((it) => it.subject === v.ref.name);
    const ready = v.ready.ok ? onGrid(v.ready.points, ctx.grid) : [];
    const acks = v.acked.ok ? onGrid(v.acked.points, ctx.grid) : [];
    const pubs = v.published.ok ? onGrid(v.published.points, ctx.grid) : [];
    const drain =
      v.ready.ok && v.acked.ok && v.published.ok && !v.delay ? drainSeconds(ready, acks, pubs, ctx.stepS) : [];
    if (v.ready.ok) {
      lines.push({ key: `age:${v.key}`, label: `${v.ref.name} since empty`, points: sinceEmpty(ready), colorIndex: i });
      if (!v.delay)
        lines.push({
          key: `drain:${v.key}`,
          label: `${v.ref.name} time to drain`,
          points: drain,
          dashed: true,
          colorIndex: i,
        });
    } else notes.push(`${v.ref.name}: ${v.ready.reason}`);
    const lastReady = [...ready].reverse().find((p) => p[1] !== null)?.[1];
    const lastDrain = drain.length ? drain[drain.length - 1]![1] : null;
    const ageSeconds = typeof item?.values.ageSeconds === "number" ? item.values.ageSeconds : null;
    rows.push({
      queue: v.ref.name,
      ageSeconds,
      method: typeof item?.values.method === "string" ? item.values.method : (item?.text ?? "not judged"),
      drainSeconds: lastDrain,
      drainText: v.delay
        ? `delay queue: messages return to ${v.delay.returnsTo}`
        : lastReady === undefined || lastReady === null
          ? "no depth data"
          : lastReady === 0
            ? "empty"
            : lastDrain === null
              ? "not draining: acks do not outpace publishes"
              : `about ${Math.round(lastDrain)} s at the current net rate`,
    });
  });
  if (fail) return { ok: false, ...fail };
  return panel({ lines, rows }, notes);
}

function dlq(ctx: Ctx): PanelData<ChartData & { rows: DlqRow[] }> {
  const broker = ctx.signals.broker;
  if (!broker.ok) return { ok: false, source: broker.source, reason: broker.reason };
  const ready = ctx.signals.metrics.ready;
  const rows: DlqRow[] = [];
  const lines: LineData[] = [];
  const notes: string[] = [];
  broker.value.routes.forEach((route, i) => {
    const source = route.sourceQueue.slice(route.vhost.length + 1);
    if (route.dlqNames.length === 0)
      notes.push(
        `${source} dead-letters to exchange "${route.exchange}" but no queue is bound there: rejected messages are lost.`,
      );
    for (const name of route.dlqNames) {
      const snap = broker.value.deadLetterQueues.find((q) => q.vhost === route.vhost && q.name === name);
      rows.push({ sourceQueue: source, dlq: name, depth: snap?.ready?.value ?? null });
      if (!ready.ok) continue;
      const s = seriesFor(ready.value, { vhost: route.vhost, name });
      if (s)
        lines.push({
          key: `dlq:${route.vhost}/${name}:${source}`,
          label: `${name} (from ${source})`,
          points: onGrid(s.points, ctx.grid),
          colorIndex: i,
        });
      else notes.push(`Prometheus has no depth series for ${name}.`);
    }
  });
  if (!ready.ok) notes.push(`DLQ depth over time: ${ready.reason}`);
  if (broker.value.routes.length === 0)
    notes.push(
      "No workflow queue has a dead-letter exchange (x-dead-letter-exchange or a policy): rejected messages are dropped.",
    );
  return panel({ lines, rows }, notes);
}

const GENERATED_NAME = /^\S+:\d+ -> \S+:\d+$/;

function consumers(ctx: Ctx): PanelData<QueueConsumers[]> {
  const broker = ctx.signals.broker;
  if (!broker.ok) return { ok: false, source: broker.source, reason: broker.reason };
  const notes: string[] = [];
  const rows = ctx.views.map((v): QueueConsumers => {
    const snap = broker.value.queues.find((q) => q.vhost === v.ref.vhost && q.name === v.ref.name);
    if (snap && !snap.consumerDetails) notes.push(`The broker sent no consumer details for ${v.ref.name}.`);
    return {
      queue: v.ref.name,
      vhost: v.ref.vhost,
      declared: [...v.declared.consumers],
      exists: !v.missing,
      delayQueue: Boolean(v.delay),
      consumers: (snap?.consumerDetails ?? []).map((c): ConsumerRow => {
        const label = c.clientConnectionName ?? c.connectionName ?? c.consumerTag;
        return {
          label,
          consumerTag: c.consumerTag,
          ...(c.peer ? { peer: c.peer } : {}),
          ...(c.prefetchCount !== undefined ? { prefetchCount: c.prefetchCount } : {}),
          ...(c.ackRequired !== undefined ? { ackRequired: c.ackRequired } : {}),
          ...(c.active !== undefined ? { active: c.active } : {}),
          declared: GENERATED_NAME.test(label) ? null : consumerMatches(label, v.declared.consumers),
        };
      }),
    };
  });
  return { ok: true, data: rows, notes };
}

/** Clips lines to the displayed window (the metric lookback may start earlier). */
function clip<T extends ChartData>(p: PanelData<T>, fromMs: number): PanelData<T> {
  if (!p.ok) return p;
  return {
    ...p,
    data: { ...p.data, lines: p.data.lines.map((l) => ({ ...l, points: l.points.filter(([t]) => t >= fromMs) })) },
  };
}

export function metricPanels(workflow: WorkflowConfig, signals: WorkflowSignals, health: WorkflowHealth) {
  const { toMs, fromMs } = signals.window;
  const views = queueViews({ workflow, signals, atMs: toMs, fromMs: signals.metrics.fromMs, historical: false });
  const stepS = signals.metrics.stepSeconds;
  const grid = stepGrid(anchorOf(views), signals.metrics.fromMs, toMs, stepS * 1000);
  const ctx: Ctx = { workflow, signals, views, grid, stepS };
  return {
    charts: {
      throughput: clip(throughput(ctx), fromMs),
      depth: clip(
        gauge(ctx, [
          { field: "ready", label: " ready", dashed: false },
          { field: "unacked", label: " unacked", dashed: true },
        ]),
        fromMs,
      ),
      // Computed over the whole lookback (so "since empty" knows an earlier empty), then clipped.
      age: clip(age(ctx, health), fromMs),
      consumers: clip(gauge(ctx, [{ field: "consumers", label: "", dashed: false }]), fromMs),
      dlq: clip(dlq(ctx), fromMs),
    },
    consumers: consumers(ctx),
  };
}

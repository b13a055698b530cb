// Signals → what the metric panels draw. Pure. Every line sits on the step grid of the metric
// query, with null wherever Prometheus had no sample: a scrape that failed is a gap on the
// chart, never a zero. Per-destination points come from lib/analysis/destination-view, the
// same reading of the counters the checks make (a counter with no series while the destination
// was scraped is a measured zero there too, where the broker's plan says so).
import type { WorkflowConfig } from "@/lib/config/schema";
import { capitalise, whereText } from "@/lib/domain/destination";
import type { SamplePoint } from "@/lib/domain/series";
import { isDeclared } from "@/lib/analysis/consumers";
import { destinationViews, seriesOf, type DestinationView, type Points } from "@/lib/analysis/destination-view";
import { drainRate, drainSeconds } from "@/lib/analysis/drain";
import { stateIsCurrent } from "@/lib/analysis/freshness";
import type { WorkflowHealth, WorkflowSignals } from "@/lib/analysis/types";
import { matcherText } from "@/lib/config/consumers";
import { markCoinciding } from "./coinciding";
import { rateCaption, transitionMarks } from "./chart-marks";
import type {
  AgeRow,
  ChartData,
  ConsumerRow,
  DestinationConsumers,
  DestinationFlow,
  DlqRow,
  LineData,
  PanelData,
  Point,
} from "./view-model";
import { unavailable } from "./view-model";

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

function anchorOf(views: readonly DestinationView[]): number | undefined {
  for (const v of views) if (v.waiting.ok && v.waiting.points[0]) return v.waiting.points[0].tsMs;
  return undefined;
}

type Field = "waiting" | "inFlight" | "consumers" | "acked" | "published";

/** The first failed source among the views' points for `fields`, if every queue failed on it. */
function failure(
  views: readonly DestinationView[],
  fields: readonly Field[],
): { source: string; reason: string } | undefined {
  for (const f of fields) {
    const failed = views.map((v) => v[f]).filter((p): p is Extract<Points, { ok: false }> => !p.ok);
    if (failed.length === views.length && failed[0]) return { source: failed[0].source, reason: failed[0].reason };
  }
  return undefined;
}

interface Ctx {
  workflow: WorkflowConfig;
  signals: WorkflowSignals;
  views: DestinationView[];
  grid: number[];
  stepS: number;
}

function panel<T>(data: T, notes: string[]): PanelData<T> {
  return { ok: true, data, notes };
}

function throughput(ctx: Ctx): PanelData<ChartData> {
  const fail = failure(ctx.views, ["published", "acked"]);
  if (fail) return unavailable(fail, ctx.workflow.vocabulary);
  const lines: LineData[] = [];
  const notes: string[] = [];
  ctx.views.forEach((v, i) => {
    if (v.drainedBy) return; // a delay destination's publishes are the retries already counted upstream
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
  return panel({ lines, axis: "rate", caption: rateCaption(ctx.signals.history) }, notes);
}

/**
 * One chart per destination: its publish and ack rates and its waiting count on one time axis
 * (the count on the right), so a rate that falls can be read against the backlog it leaves.
 * A destination whose data is missing says why in the notes, and the others are still drawn.
 */
function flows(ctx: Ctx): PanelData<{ flows: DestinationFlow[] }> {
  const fail = failure(ctx.views, ["published", "acked", "waiting"]);
  if (fail) return unavailable(fail, ctx.workflow.vocabulary);
  const notes: string[] = [];
  const caption = rateCaption(ctx.signals.history);
  const out = ctx.views.map((v): DestinationFlow => {
    const lines: LineData[] = [];
    const parts = [
      ["published", "publish/s", false, 0],
      ["acked", "ack/s", true, 1],
      ["waiting", "waiting", false, 2],
    ] as const;
    for (const [field, label, dashed, colorIndex] of parts) {
      const p = v[field];
      if (!p.ok) {
        notes.push(`${v.ref.name} ${label}: ${p.reason}`);
        continue;
      }
      const counter = field !== "waiting";
      lines.push({
        key: `flow:${field}:${v.key}`,
        label,
        points: onGrid(p.points, ctx.grid, counter ? 1 / ctx.stepS : 1),
        ...(dashed ? { dashed } : {}),
        colorIndex,
        ...(counter ? {} : { rightAxis: true }),
      });
    }
    return {
      destination: v.ref.name,
      lines,
      axis: "rate",
      caption,
      ...(v.drainedBy
        ? {
            note: `A delay ${ctx.workflow.vocabulary.destination}: its publishes are retries, and the broker returns them to ${v.drainedBy.returnsToName} after a TTL (no acks).`,
          }
        : {}),
    };
  });
  return panel({ flows: out }, notes);
}

function gauge(
  ctx: Ctx,
  fields: ReadonlyArray<{ field: "waiting" | "inFlight" | "consumers"; label: string; dashed: boolean }>,
): PanelData<ChartData> {
  // Messages and consumers are counted: whole-number ticks.
  const fail = failure(
    ctx.views,
    fields.map((f) => f.field),
  );
  if (fail) return unavailable(fail, ctx.workflow.vocabulary);
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
  return panel({ lines, axis: "count" }, notes);
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

/**
 * Time to drain at each step: the computation the backlog check makes at the end of the window
 * (lib/analysis/drain.ts), over the same span. The check divides the broker's current reading,
 * the line each step's sample; the table under the chart states the check's figure.
 */
export function drainLine(view: DestinationView, grid: readonly number[]): Point[] {
  if (!view.waiting.ok || !view.acked.ok) return [];
  const waiting = view.waiting.points;
  const acks = view.acked.points;
  const publishes = view.published.ok ? view.published.points : undefined;
  return onGrid(waiting, grid).map(([t, ready]): Point => {
    if (ready === null) return [t, null];
    // Unknown and not draining are both a gap on the line; the table says which.
    return [t, drainSeconds(ready, drainRate(waiting, acks, publishes, t).netHz) ?? null];
  });
}

function age(ctx: Ctx, health: WorkflowHealth): PanelData<ChartData & { rows: AgeRow[] }> {
  const words = ctx.workflow.vocabulary;
  const fail = failure(ctx.views, ["waiting"]);
  const ageCheck = health.checks.find((c) => c.id === "oldest-message-age");
  const backlogCheck = health.checks.find((c) => c.id === "backlog");
  const lines: LineData[] = [];
  const notes: string[] = [];
  const rows: AgeRow[] = [];
  ctx.views.forEach((v, i) => {
    const item = ageCheck?.evidence.items.find((it) => it.subject === v.ref.name);
    const backlogItem = backlogCheck?.evidence.items.find((it) => it.subject === v.ref.name);
    const ready = v.waiting.ok ? onGrid(v.waiting.points, ctx.grid) : [];
    if (v.waiting.ok) {
      lines.push({ key: `age:${v.key}`, label: `${v.ref.name} since empty`, points: sinceEmpty(ready), colorIndex: i });
      if (!v.drainedBy)
        lines.push({
          key: `drain:${v.key}`,
          label: `${v.ref.name} time to drain`,
          points: drainLine(v, ctx.grid),
          dashed: true,
          colorIndex: i,
        });
    } else notes.push(`${v.ref.name}: ${v.waiting.reason}`);
    // The row states the backlog check's own figures.
    const drain =
      typeof backlogItem?.values.timeToDrainSeconds === "number" ? backlogItem.values.timeToDrainSeconds : null;
    const drainKind = backlogItem?.values.drain;
    const ageSeconds = typeof item?.values.ageSeconds === "number" ? item.values.ageSeconds : null;
    rows.push({
      destination: v.ref.name,
      ageSeconds,
      method: typeof item?.values.method === "string" ? item.values.method : (item?.text ?? "not judged"),
      drainSeconds: drain,
      drainText: v.drainedBy
        ? `delay ${words.destination}: messages return to ${v.drainedBy.returnsToName}`
        : !backlogItem || backlogItem.status === "unknown"
          ? `not judged: ${backlogItem?.text ?? "no backlog check"}`
          : drainKind === "empty"
            ? "empty"
            : drainKind === "not draining"
              ? "not draining: acks do not outpace publishes"
              : drainKind === "draining" && drain !== null
                ? `about ${Math.round(drain)} s at the current net rate`
                : "unknown: the publish rate is not known",
    });
  });
  if (fail) return unavailable(fail, ctx.workflow.vocabulary);
  return panel({ lines, rows, axis: "seconds" }, notes);
}

function dlq(ctx: Ctx): PanelData<ChartData & { rows: DlqRow[] }> {
  const state = ctx.signals.state;
  const words = ctx.workflow.vocabulary;
  if (!state.ok) return unavailable(state, ctx.workflow.vocabulary);
  const depth = ctx.signals.history.signals.waiting;
  const rows: DlqRow[] = [];
  const lines: LineData[] = [];
  const notes: string[] = [];
  const nameOf = (key: string) => ctx.workflow.destinations.find((d) => d.ref.key === key)?.ref.name ?? key;
  const elsewhen = stateAsOf(ctx);
  if (elsewhen) notes.push(elsewhen);
  state.value.deadLetterRoutes.forEach((route, i) => {
    const source = nameOf(route.sourceKey);
    if (route.targets.length === 0)
      notes.push(
        `${source} dead-letters to ${route.via} but no ${words.destination} receives them there: rejected messages are lost.`,
      );
    for (const target of route.targets) {
      const dl = state.value.deadLetterStates.find((d) => d.ref.key === target.key);
      rows.push({ source, deadLetter: target.name, depth: dl?.waiting?.value ?? null });
      if (!depth?.ok) continue;
      const s = seriesOf(depth.value, target.key);
      if (s)
        lines.push({
          key: `dlq:${target.key}:${source}`,
          label: `${target.name} (from ${source})`,
          points: onGrid(s.points, ctx.grid),
          colorIndex: i,
        });
      else notes.push(`Prometheus has no depth series for ${target.name}.`);
    }
  });
  if (depth && !depth.ok) notes.push(`${capitalise(words.deadLetter)} depth over time: ${depth.reason}`);
  if (state.value.deadLetterRoutes.length === 0)
    notes.push(`No workflow ${words.destination} routes failed messages anywhere: rejected messages are dropped.`);
  return panel({ lines, rows, axis: "count" }, notes);
}

/** A note when the broker's state, drawn as "now", was observed at another time than the window's end. */
function stateAsOf(ctx: Ctx): string | undefined {
  const { signals } = ctx;
  if (!signals.state.ok || stateIsCurrent(signals, signals.window.toMs)) return undefined;
  return `As of ${new Date(signals.state.value.atMs).toISOString()} (when ${signals.state.value.from} answered), not the end of this window.`;
}

function consumers(ctx: Ctx): PanelData<DestinationConsumers[]> {
  const state = ctx.signals.state;
  if (!state.ok) return unavailable(state, ctx.workflow.vocabulary);
  const notes: string[] = [];
  const elsewhen = stateAsOf(ctx);
  if (elsewhen) notes.push(elsewhen);
  const rows = ctx.views.map((v): DestinationConsumers => {
    const current = state.value.destinations.find((d) => d.ref.key === v.key);
    if (current?.exists && !current.consumers) notes.push(`The broker sent no consumer details for ${v.ref.name}.`);
    const where = whereText(v.ref);
    return {
      destination: v.ref.name,
      where,
      declared: v.declared.consumers.map(matcherText),
      exists: !v.missing,
      delayQueue: Boolean(v.drainedBy),
      consumers: (current?.consumers?.value ?? []).map((c): ConsumerRow => ({
        label: c.label,
        consumerTag: c.id,
        ...(c.peer ? { peer: c.peer } : {}),
        ...(c.prefetchCount !== undefined ? { prefetchCount: c.prefetchCount } : {}),
        ...(c.ackRequired !== undefined ? { ackRequired: c.ackRequired } : {}),
        ...(c.active !== undefined ? { active: c.active } : {}),
        // An anonymous consumer that no declared identity matches: nothing tells who it is.
        declared: isDeclared(c, v.declared.consumers) ? true : c.anonymous ? null : false,
      })),
    };
  });
  return { ok: true, data: rows, notes };
}

/** A chart's lines clipped to the displayed window, those that draw as one marked (coinciding.ts). */
function shown<T extends ChartData>(data: T, fromMs: number): T {
  return {
    ...data,
    lines: markCoinciding(data.lines.map((l) => ({ ...l, points: l.points.filter(([t]) => t >= fromMs) }))),
  };
}

/** Clips lines to the displayed window (the metric lookback may start earlier). */
function clip<T extends ChartData>(p: PanelData<T>, fromMs: number): PanelData<T> {
  return p.ok ? { ...p, data: shown(p.data, fromMs) } : p;
}

function clipFlows(
  p: PanelData<{ flows: DestinationFlow[] }>,
  fromMs: number,
): PanelData<{ flows: DestinationFlow[] }> {
  return p.ok ? { ...p, data: { flows: p.data.flows.map((f) => shown(f, fromMs)) } } : p;
}

export function metricPanels(workflow: WorkflowConfig, signals: WorkflowSignals, health: WorkflowHealth) {
  const { toMs, fromMs } = signals.window;
  const lookbackFromMs = signals.history.fromMs;
  const views = destinationViews({ workflow, signals, atMs: toMs, fromMs: lookbackFromMs, historical: false });
  const stepS = signals.history.stepSeconds;
  const grid = stepGrid(anchorOf(views), lookbackFromMs, toMs, stepS * 1000);
  const ctx: Ctx = { workflow, signals, views, grid, stepS };
  return {
    charts: {
      throughput: clip(throughput(ctx), fromMs),
      depth: clip(
        gauge(ctx, [
          { field: "waiting", label: " waiting", dashed: false },
          { field: "inFlight", label: " in flight", dashed: true },
        ]),
        fromMs,
      ),
      // Computed over the whole lookback (so "since empty" knows an earlier empty), then clipped.
      age: clip(age(ctx, health), fromMs),
      consumers: clip(gauge(ctx, [{ field: "consumers", label: "", dashed: false }]), fromMs),
      dlq: clip(dlq(ctx), fromMs),
      flows: clipFlows(flows(ctx), fromMs),
    },
    consumers: consumers(ctx),
    chartMarks: transitionMarks(health, signals.window),
  };
}

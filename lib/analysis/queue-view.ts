// One declared queue as the broker checks see it at an instant: the current snapshot (only at
// the end of the window) and the metric points up to the instant.
import type { QueueConfig, WorkflowConfig } from "@/lib/config/schema";
import type { QueueSnapshot } from "@/lib/domain/broker";
import type { SamplePoint, Series } from "@/lib/domain/series";
import type { SourceName } from "@/lib/domain/source";
import { pointsUntil, queueKey, seriesFor, type QueueRef } from "./series";
import type { Observed, WorkflowSignals } from "./types";

export interface AnalysisContext {
  workflow: WorkflowConfig;
  signals: WorkflowSignals;
  /** The instant judged: the window end, or an earlier instant when building transitions. */
  atMs: number;
  /** Start of the (sub-)window judged. */
  fromMs: number;
  /** True when judging an earlier instant: the broker snapshot (taken at the end) does not apply. */
  historical: boolean;
}

/** Metric points of one queue, or why they are missing. */
export type Points = { ok: true; points: SamplePoint[] } | { ok: false; source: SourceName; reason: string };

export interface QueueView {
  ref: QueueRef;
  key: string;
  declared: QueueConfig;
  /** Present only when the broker answered and the queue exists (and not historical). */
  snapshot?: QueueSnapshot;
  /** The broker answered and does not have this queue. */
  missing: boolean;
  /** A TTL queue that dead-letters back into the workflow (a retry/delay queue): no consumer by design. */
  delay?: { ttlMs: number; returnsTo: string };
  /** Lookback points (metrics fromMs … atMs). */
  ready: Points;
  unacked: Points;
  consumers: Points;
  acked: Points;
  published: Points;
  redelivered: Points;
  delivered: Points;
  /** Unix seconds of the oldest message over time (only when the publisher sets timestamps). */
  headTimestamp?: Points;
}

function gauge(obs: Observed<Series[]>, ref: QueueRef, atMs: number, what: string): Points {
  if (!obs.ok) return { ok: false, source: obs.source, reason: obs.reason };
  const s = seriesFor(obs.value, ref);
  if (!s)
    return {
      ok: false,
      source: "prometheus",
      reason: `Prometheus has no ${what} series for queue ${ref.name} (is rabbitmq_prometheus scraped with per-object metrics?)`,
    };
  return { ok: true, points: pointsUntil(s, atMs) };
}

/**
 * Channel counters (acks, deliveries, publishes) only exist while a channel has touched the
 * queue, and come from the same scrape as the queue's gauges. So at a time the queue's depth was
 * scraped but no channel counted anything (no series, or the series stopped when the consumer's
 * channel closed), nothing happened: a measured zero, not missing data. Where the depth itself
 * is missing, so is the zero.
 */
function counter(obs: Observed<Series[]>, ref: QueueRef, atMs: number, scraped: Points): Points {
  if (!obs.ok) return { ok: false, source: obs.source, reason: obs.reason };
  const s = seriesFor(obs.value, ref);
  const own = s ? pointsUntil(s, atMs) : [];
  if (!scraped.ok) return s ? { ok: true, points: own } : scraped;
  const byTs = new Map(own.map((p) => [p.tsMs, p.value]));
  const merged = scraped.points.map((p) => ({ tsMs: p.tsMs, value: byTs.get(p.tsMs) ?? 0 }));
  const grid = new Set(scraped.points.map((p) => p.tsMs));
  for (const p of own) if (!grid.has(p.tsMs)) merged.push(p);
  merged.sort((a, b) => a.tsMs - b.tsMs);
  return { ok: true, points: merged };
}

export function delayOf(snapshot: QueueSnapshot | undefined, workflowQueues: ReadonlySet<string>): QueueView["delay"] {
  if (!snapshot) return undefined;
  const ttl = snapshot.arguments["x-message-ttl"];
  const dl = snapshot.deadLetter;
  if (typeof ttl !== "number" || !dl) return undefined;
  // Through the default exchange the routing key is the target queue.
  const target = dl.exchange === "" ? dl.routingKey : undefined;
  if (!target || !workflowQueues.has(`${snapshot.vhost}/${target}`)) return undefined;
  return { ttlMs: ttl, returnsTo: target };
}

export function queueViews(ctx: AnalysisContext): QueueView[] {
  const { signals, workflow, atMs } = ctx;
  const m = signals.metrics;
  const names = new Set(workflow.queues.map((q) => queueKey({ vhost: q.vhost, name: q.name })));
  const broker = signals.broker.ok ? signals.broker.value : undefined;
  return workflow.queues.map((declared) => {
    const ref = { vhost: declared.vhost, name: declared.name };
    const key = queueKey(ref);
    const fullSnapshot = broker?.queues.find((q) => q.vhost === ref.vhost && q.name === ref.name);
    const ready = gauge(m.ready, ref, atMs, "messages_ready");
    const view: QueueView = {
      ref,
      key,
      declared,
      ...(fullSnapshot && !ctx.historical ? { snapshot: fullSnapshot } : {}),
      missing: broker ? broker.missing.includes(key) : false,
      // Queue arguments do not change over a window: the end snapshot says what kind of queue it is.
      delay: delayOf(fullSnapshot, names),
      ready,
      unacked: gauge(m.unacked, ref, atMs, "messages_unacked"),
      consumers: gauge(m.consumers, ref, atMs, "consumers"),
      acked: counter(m.acked, ref, atMs, ready),
      published: counter(m.published, ref, atMs, ready),
      redelivered: counter(m.redelivered, ref, atMs, ready),
      delivered: counter(m.delivered, ref, atMs, ready),
      ...(m.headTimestamp ? { headTimestamp: gauge(m.headTimestamp, ref, atMs, "head_message_timestamp") } : {}),
    };
    if (!view.delay) delete view.delay;
    return view;
  });
}

export function within(points: Points, fromMs: number): SamplePoint[] | undefined {
  return points.ok ? points.points.filter((p) => p.tsMs >= fromMs) : undefined;
}

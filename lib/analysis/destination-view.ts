// One declared destination as the broker checks see it at an instant: the broker's present
// state (only when judging the present, and only if it was observed then) and the metric
// points up to the instant, each with where it came from.
import type { DestinationConfig, WorkflowConfig } from "@/lib/config/schema";
import {
  DESTINATION_LABEL,
  type DestinationRef,
  type DestinationSignal,
  type BrokerVocabulary,
  type DestinationState,
  type DrainedByBroker,
} from "@/lib/domain/destination";
import type { SamplePoint, Series } from "@/lib/domain/series";
import { PROMETHEUS, stateIsCurrent } from "./freshness";
import { pointsUntil } from "./series";
import { isoTime } from "./status";
import type { Observed, Unobserved, WorkflowSignals } from "./types";

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

/** Metric points of one destination up to the instant, or why there are none. */
export type Points = { ok: true; points: SamplePoint[]; warnings?: string[] } | Unobserved;

export interface DestinationView {
  ref: DestinationRef;
  key: string;
  declared: DestinationConfig;
  /** The broker's state of it, when judging the present and the broker answered recently enough. */
  state?: DestinationState;
  /** Why there is no state to judge by (the broker failed, is not configured, or answered too long ago). */
  stateProblem?: Unobserved;
  /** The broker answered and does not have this destination. */
  missing: boolean;
  /** Needs no consumer: the broker returns its messages elsewhere after a TTL. */
  drainedBy?: DrainedByBroker;
  /**
   * Whether it is such a delay destination cannot be told: no consumer is declared for it, and the
   * broker's settings (which say so) could not be read. The checks that spare a delay destination
   * say unknown for it, not an alarm from what is missing.
   */
  drainUnknown?: Unobserved;
  /** Lookback points (metrics fromMs … atMs). */
  waiting: Points;
  inFlight: Points;
  consumers: Points;
  acked: Points;
  published: Points;
  redelivered: Points;
  delivered: Points;
  /** Unix seconds of the oldest waiting message over time, when the broker's metrics have it. */
  oldestTimestamp?: Points;
}

/** The series of one destination, by its `destination` label. */
export function seriesOf(all: readonly Series[], key: string): Series | undefined {
  return all.find((s) => s.labels[DESTINATION_LABEL] === key);
}

function withWarnings(points: SamplePoint[], obs: Observed<Series[]> & { ok: true }): Points {
  return obs.warnings?.length ? { ok: true, points, warnings: obs.warnings } : { ok: true, points };
}

function gauge(
  obs: Observed<Series[]> | undefined,
  ref: DestinationRef,
  atMs: number,
  what: string,
  words: BrokerVocabulary,
): Points {
  if (!obs) return { ok: false, source: PROMETHEUS, reason: `${words.broker}'s metrics have no ${what}` };
  if (!obs.ok) return obs;
  const s = seriesOf(obs.value, ref.key);
  if (!s) {
    return {
      ok: false,
      source: PROMETHEUS,
      reason: `Prometheus has no ${what} series for ${words.destination} ${ref.name} (${words.metricsHint})`,
    };
  }
  return withWarnings(pointsUntil(s, atMs), obs);
}

/**
 * A counter's points. Where the plan says an absent counter is a measured zero (the exporter has
 * counters only for what happened, e.g. RabbitMQ's per-channel counters, which vanish when the
 * consumer's channel closes), every time the destination's waiting gauge was scraped and the
 * counter has no sample counts as zero; where the gauge is missing, so is the zero. Counter
 * points after the gauge's last sample are dropped: rate() keeps answering for its range after
 * the scrapes stop, which would make stopped metrics look fresh.
 */
function counter(
  obs: Observed<Series[]> | undefined,
  ref: DestinationRef,
  atMs: number,
  scraped: Points,
  absent: "zero" | "unknown",
  what: string,
): Points {
  if (!obs) return { ok: false, source: PROMETHEUS, reason: `no ${what} counter among the broker's metrics` };
  if (!obs.ok) return obs;
  const s = seriesOf(obs.value, ref.key);
  // Whatever the broker, nothing after the gauge's last scrape is fresh data (see above).
  const lastScrape = scraped.ok ? (scraped.points[scraped.points.length - 1]?.tsMs ?? -Infinity) : Infinity;
  const own = s ? pointsUntil(s, atMs).filter((p) => p.tsMs <= lastScrape) : [];
  if (absent === "unknown" || !scraped.ok) {
    if (s) return withWarnings(own, obs);
    return scraped.ok
      ? { ok: false, source: PROMETHEUS, reason: `Prometheus has no ${what} series for ${ref.name}` }
      : scraped;
  }
  const byTs = new Map(own.map((p) => [p.tsMs, p.value]));
  const merged = scraped.points.map((p) => ({ tsMs: p.tsMs, value: byTs.get(p.tsMs) ?? 0 }));
  const grid = new Set(scraped.points.map((p) => p.tsMs));
  for (const p of own) if (!grid.has(p.tsMs)) merged.push(p);
  merged.sort((a, b) => a.tsMs - b.tsMs);
  return withWarnings(merged, obs);
}

/** Why the broker's state does not stand for the instant judged (it was observed at another time). */
export function stateNotCurrent(ctx: AnalysisContext): Unobserved | undefined {
  const { signals } = ctx;
  if (!signals.state.ok || stateIsCurrent(signals, ctx.atMs)) return undefined;
  const snapshot = signals.state.value;
  return {
    ok: false,
    source: signals.broker,
    reason: `${snapshot.from} state is from ${isoTime(snapshot.atMs)}, not from ${isoTime(ctx.atMs)}`,
  };
}

/** The broker's state of `key` if it may be judged at this instant, or why not. */
function stateAt(ctx: AnalysisContext, key: string): { state?: DestinationState; problem?: Unobserved } {
  const { signals } = ctx;
  if (!signals.state.ok) return { problem: signals.state };
  const state = signals.state.value.destinations.find((d) => d.ref.key === key);
  if (!state || ctx.historical) return {};
  const elsewhen = stateNotCurrent(ctx);
  return elsewhen ? { problem: elsewhen } : { state };
}

function drainUnknownOf(ctx: AnalysisContext, declared: DestinationConfig): { drainUnknown?: Unobserved } {
  const { signals, workflow } = ctx;
  const delay = workflow.vocabulary.delayDestination;
  if (signals.state.ok || declared.consumers.length > 0 || !delay) return {};
  return {
    drainUnknown: {
      ok: false,
      source: signals.state.source,
      reason: `no consumer is declared for ${declared.ref.name} and the broker's ${workflow.vocabulary.destination} settings could not be read (${signals.state.reason}): whether it is a ${delay} that a TTL drains cannot be told`,
      ...(signals.state.unconfigured ? { unconfigured: true } : {}),
    },
  };
}

export function destinationViews(ctx: AnalysisContext): DestinationView[] {
  const { signals, workflow, atMs } = ctx;
  const h = signals.history.signals;
  const absent = signals.history.absentCounter;
  const words = workflow.vocabulary;
  return workflow.destinations.map((declared) => {
    const ref = declared.ref;
    const { state, problem } = stateAt(ctx, ref.key);
    const broker = signals.state.ok ? signals.state.value.destinations.find((d) => d.ref.key === ref.key) : undefined;
    const waiting = gauge(h.waiting, ref, atMs, "waiting-messages", words);
    const series = (signal: DestinationSignal, what: string) => counter(h[signal], ref, atMs, waiting, absent, what);
    const view: DestinationView = {
      ref,
      key: ref.key,
      declared,
      ...(state ? { state } : {}),
      ...(problem ? { stateProblem: problem } : {}),
      // Whether it exists is a fact of the present: an old or later state does not say.
      missing: broker !== undefined && !ctx.historical && !stateNotCurrent(ctx) ? !broker.exists : false,
      // What a destination is (a delay queue) does not change over a window: the end state says.
      ...(broker?.drainedBy ? { drainedBy: broker.drainedBy } : {}),
      ...drainUnknownOf(ctx, declared),
      waiting,
      inFlight: gauge(h.inFlight, ref, atMs, "in-flight", words),
      consumers: gauge(h.consumers, ref, atMs, "consumer-count", words),
      acked: series("acked", "ack"),
      published: series("published", "publish"),
      redelivered: series("redelivered", "redelivery"),
      delivered: series("delivered", "delivery"),
      ...(h.oldestTimestamp
        ? { oldestTimestamp: gauge(h.oldestTimestamp, ref, atMs, "oldest-message timestamp", words) }
        : {}),
    };
    return view;
  });
}

export function within(points: Points, fromMs: number): SamplePoint[] | undefined {
  return points.ok ? points.points.filter((p) => p.tsMs >= fromMs) : undefined;
}

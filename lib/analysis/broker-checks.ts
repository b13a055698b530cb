// Checks on the broker side of a workflow, per destination over time: consumers, acks,
// throughput, backlog, age, redeliveries. Pure: the instant comes in the context. Dead letters
// and unexpected consumers (the broker's present state) live in broker-state-checks.ts. Every
// value is judged by when it was observed (freshness.ts): stale data is unknown, never ok.
import { ackExcess } from "./ack-excess";
import { deadLetters, unexpectedConsumers } from "./broker-state-checks";
import { fromItems, type ItemResult, missingItem, unknownItem, warningsOf } from "./check-items";
import { type AnalysisContext, destinationViews, type DestinationView, type Points, within } from "./destination-view";
import { DRAIN_WINDOW_MS, drainRate, drainSeconds, drainState } from "./drain";
import { currentValue, freshPoints, PROMETHEUS, staleness } from "./freshness";
import { lagStatus, type LagStatus } from "./lag";
import { changes, cumulative, last, lastPositive, slopePerSecond, sum } from "./series";
import { formatDuration, isoTime, plural } from "./status";
import type { SamplePoint } from "@/lib/domain/series";
import type { Check, CheckStatus } from "./types";
import { matcherText } from "@/lib/config/consumers";
import { rateRangeOf } from "./rate-range";

export { deadLetters, unexpectedConsumers } from "./broker-state-checks";

function declaredText(view: DestinationView): string {
  return view.declared.consumers.map(matcherText).join(", ");
}

// ---- consumers-alive ---------------------------------------------------------------------

export function consumersAlive(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const words = ctx.workflow.vocabulary;
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view, words);
    if (view.drainedBy) {
      return {
        subject: name,
        status: "ok",
        text: `${name} is a delay ${words.destination}: messages return to ${view.drainedBy.returnsToName} after ${formatDuration(view.drainedBy.ttlMs)}; no consumer needed.`,
        values: { ttlMs: view.drainedBy.ttlMs },
      };
    }
    const current = currentValue(view, "consumers", ctx);
    if (!current.ok) return unknownItem(name, current);
    const count = current.value;
    const series = view.consumers.ok ? view.consumers.points.filter((p) => p.tsMs >= ctx.fromMs) : [];
    const moves = changes(series);
    const drops = moves.filter((c) => c.to < c.from);
    const flapping = drops.length >= 2;
    const lastUp = view.consumers.ok ? [...view.consumers.points].reverse().find((p) => p.value > 0) : undefined;
    const values = {
      consumers: count,
      changesInWindow: moves.length,
      dropsInWindow: drops.length,
      lastSeenWithConsumerAt: lastUp ? isoTime(lastUp.tsMs) : null,
    };
    const waiting = currentValue(view, "waiting", ctx);
    const warnings = warningsOf(current, view.consumers);
    if (count === 0 && !view.state && !lastUp && waiting.ok && waiting.value === 0) {
      // Never a consumer and nothing waiting, and the broker cannot say whether this is a TTL
      // (delay) destination that needs none: neither alarm nor all-clear.
      return unknownItem(name, {
        source: ctx.signals.broker,
        reason: `${name} never had a consumer in the lookback and is empty; without the broker's ${words.destination} settings it cannot be told apart from a delay ${words.destination}`,
        ...(view.stateProblem?.unconfigured ? { unconfigured: true } : {}),
      });
    }
    if (count === 0 && view.drainUnknown) return unknownItem(name, view.drainUnknown);
    if (count === 0) {
      const since = lastUp
        ? ` since ${isoTime(lastUp.tsMs)} (${formatDuration(ctx.atMs - lastUp.tsMs)})`
        : view.consumers.ok
          ? ` for the whole lookback`
          : "";
      const flap = flapping ? ` The count dropped ${drops.length} times in the window: a crash loop.` : "";
      return {
        subject: name,
        status: "critical",
        text: `No consumer on ${name}${since}: ${view.declared.consumers.length ? `its consumer (${declaredText(view)}) is down or crash-looping` : "none is declared for it in the config, and the broker shows no TTL that would drain it"}.${flap}`,
        values,
        warnings,
      };
    }
    if (flapping) {
      return {
        subject: name,
        status: "warning",
        text: `Consumers on ${name} are flapping: the count dropped ${drops.length} times in the window (a crash loop or restarts); ${count} now.`,
        values,
        warnings,
      };
    }
    return { subject: name, status: "ok", text: `${plural(count, "consumer")} on ${name}.`, values, warnings };
  });
  return fromItems(
    "consumers-alive",
    items,
    [ctx.signals.broker, PROMETHEUS],
    `Every workflow ${words.destination} has a consumer.`,
  );
}

// ---- acks-progressing --------------------------------------------------------------------

export function acksProgressing(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const words = ctx.workflow.vocabulary;
  const limitMs = ctx.workflow.thresholds.noAckFor * 1000;
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view, words);
    if (view.drainedBy)
      return { subject: name, status: "ok", text: `${name} is drained by its TTL, not by acks.`, values: {} };
    const waiting = currentValue(view, "waiting", ctx);
    if (!waiting.ok) return unknownItem(name, waiting);
    const acked = freshPoints(view.acked, ctx, `${name} (acks)`);
    if (!acked.ok) return unknownItem(name, acked);
    const ready = waiting.value;
    const lastAck = lastPositive(acked.points);
    const lookbackStart = acked.points[0]?.tsMs ?? (view.waiting.ok ? view.waiting.points[0]?.tsMs : undefined);
    const sinceMs = lastAck
      ? ctx.atMs - lastAck.tsMs
      : lookbackStart !== undefined
        ? ctx.atMs - lookbackStart
        : undefined;
    const values = {
      waiting: ready,
      lastAckAt: lastAck ? isoTime(lastAck.tsMs) : null,
      msSinceLastAck: sinceMs ?? null,
      thresholdMs: limitMs,
    };
    const warnings = warningsOf(waiting, view.acked);
    if (ready === 0) return { subject: name, status: "ok", text: `${name} has nothing waiting.`, values, warnings };
    if (view.drainUnknown) return unknownItem(name, view.drainUnknown);
    if (sinceMs === undefined) return unknownItem(name, { source: PROMETHEUS, reason: `no ack history for ${name}` });
    if (sinceMs > limitMs) {
      const when = lastAck ? `since ${isoTime(lastAck.tsMs)}` : `in the last ${formatDuration(sinceMs)} of data`;
      return {
        subject: name,
        status: "critical",
        text: `${plural(ready, "message")} waiting on ${name} and no ack ${when} (limit ${formatDuration(limitMs)}).`,
        values,
        warnings,
      };
    }
    return {
      subject: name,
      status: "ok",
      text: `${name}: last ack ${formatDuration(sinceMs)} ago.`,
      values,
      warnings,
    };
  });
  return fromItems(
    "acks-progressing",
    items,
    [PROMETHEUS, ctx.signals.broker],
    `Every ${words.destination} with waiting messages is being acked.`,
  );
}

// ---- throughput-balance ------------------------------------------------------------------

/** The sum of a counter over the (sub-)window, or why it cannot be summed: no samples is unknown, not 0. */
function windowSum(points: Points, ctx: AnalysisContext, subject: string): { ok: true; total: number } | ItemResult {
  const fresh = freshPoints(points, ctx, subject);
  if (!fresh.ok) return unknownItem(subject, fresh);
  const inWindow = within(fresh, ctx.fromMs)!;
  if (inWindow.length === 0) {
    return unknownItem(subject, { source: PROMETHEUS, reason: `no samples of ${subject} in the window` });
  }
  return { ok: true, total: sum(inWindow) };
}

function isSum(result: { ok: true; total: number } | ItemResult): result is { ok: true; total: number } {
  return "ok" in result;
}

export function throughputBalance(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const words = ctx.workflow.vocabulary;
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view, words);
    if (view.drainedBy)
      return {
        subject: name,
        status: "ok",
        text: `${name} is a delay ${words.destination} (no acks by design).`,
        values: {},
      };
    if (view.drainUnknown) return unknownItem(name, view.drainUnknown);
    if (!view.published.ok) return unknownItem(name, view.published);
    if (!view.acked.ok) return unknownItem(name, view.acked);
    const publishedSum = windowSum(view.published, ctx, `${name} (publishes)`);
    if (!isSum(publishedSum)) return { ...publishedSum, subject: name };
    const ackedSum = windowSum(view.acked, ctx, `${name} (acks)`);
    if (!isSum(ackedSum)) return { ...ackedSum, subject: name };
    const published = publishedSum.total;
    const acked = ackedSum.total;
    const ratio = published > 0 ? acked / published : null;
    const values = {
      published: Math.round(published),
      acked: Math.round(acked),
      ackToPublishRatio: ratio === null ? null : Number(ratio.toFixed(3)),
    };
    const warnings = warningsOf(view.published, view.acked);
    if (published < 1 && acked < 1)
      return { subject: name, status: "ok", text: `No traffic on ${name} in the window.`, values, warnings };
    if (ratio !== null && published >= 10 && ratio < 0.5) {
      return {
        subject: name,
        status: "critical",
        text: `${name}: ${Math.round(acked)} acked of ${Math.round(published)} published (${Math.round(ratio * 100)}%); the rest is waiting, rejected or lost.`,
        values,
        warnings,
      };
    }
    if (ratio !== null && published >= 10 && ratio < 0.9) {
      return {
        subject: name,
        status: "warning",
        text: `${name}: only ${Math.round(ratio * 100)}% of published messages acked (${Math.round(acked)}/${Math.round(published)}); rejects or a slow consumer.`,
        values,
        warnings,
      };
    }
    // A note on an ok item, never a warning by itself (ack-excess.ts says why).
    const excess = ackExcess({ acked, published }, view, ctx.fromMs, rateRangeOf(ctx.signals.history));
    if (excess.kind === "excess")
      return {
        subject: name,
        status: "ok",
        text: `${name}: ${Math.round(acked)} acked for ${Math.round(published)} published and at most ${Math.round(excess.atStart)} there before the window${Number.isFinite(excess.ratio) ? ` (${excess.ratio.toFixed(1)}×)` : ""}: more acks than messages. Messages returning from a delay queue, redeliveries counted twice, a second consumer or counters that do not match; the ack rate alone does not prove the work is done.`,
        values: { ...values, atStart: Math.round(excess.atStart), kind: "acks-above-publishes" },
        warnings,
      };
    if (excess.kind === "unaccounted")
      return {
        subject: name,
        status: "ok",
        text: `${name}: ${Math.round(acked)} acked for ${Math.round(published)} published; what waited before the window cannot be read to account for the rest (${excess.reason}).`,
        values: { ...values, kind: "acks-above-publishes" },
        warnings,
      };
    return {
      subject: name,
      status: "ok",
      text: `${name}: ${Math.round(acked)} acked for ${Math.round(published)} published.`,
      values,
      warnings,
    };
  });
  return fromItems(
    "throughput-balance",
    items,
    [PROMETHEUS],
    `Ack rate keeps up with publish rate on every ${words.destination}.`,
  );
}

// ---- backlog -----------------------------------------------------------------------------

const LAG_STATUS: Record<LagStatus, CheckStatus> = {
  OK: "ok",
  WARN: "warning",
  REWIND: "warning",
  STALL: "critical",
  STOP: "critical",
};

/** Worst first, for weighing the broker's own lag verdict against the one from the history. */
const RANK: Record<CheckStatus, number> = { critical: 3, warning: 2, unknown: 1, ok: 0 };

/**
 * The broker side's own lag verdict (Kafka: Burrow's rules over the offsets it sampled), where
 * it keeps one: it wins when it is the worse, and stands in for a history Prometheus lacks.
 */
function withBrokerVerdict(view: DestinationView, fromHistory: ItemResult): ItemResult {
  const verdict = view.state?.lagVerdict?.value;
  if (!verdict) return fromHistory;
  const status = LAG_STATUS[verdict.status];
  const fromBroker: ItemResult = {
    subject: view.ref.name,
    status,
    text:
      status === "ok"
        ? `${view.ref.name}: ${view.state?.waiting?.value ?? "?"} waiting, lag OK (${verdict.reason}).`
        : `${view.ref.name} backlog ${verdict.status}: ${verdict.reason}; ${view.state?.waiting?.value ?? "?"} waiting.`,
    values: { waiting: view.state?.waiting?.value ?? null, lagStatus: verdict.status, judgedBy: "broker" },
  };
  if (status === "ok") return fromHistory.status === "unknown" ? fromBroker : fromHistory;
  return RANK[status] > RANK[fromHistory.status] ? fromBroker : fromHistory;
}

export function backlog(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const words = ctx.workflow.vocabulary;
  const fromHistory = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view, words);
    const waitingPoints = freshPoints(view.waiting, ctx, `${name} (depth)`);
    if (!waitingPoints.ok) return unknownItem(name, waitingPoints);
    const current = currentValue(view, "waiting", ctx);
    const inFlight = currentValue(view, "inFlight", ctx);
    if (view.drainUnknown) return unknownItem(name, view.drainUnknown);
    if (view.drainedBy) {
      const lag = drainRate(waitingPoints.points, undefined, undefined, ctx.atMs).lag;
      const ready = current.ok ? current.value : last(lag)?.value;
      const slope = slopePerSecond(lag);
      return {
        subject: name,
        status: "ok",
        text: `${name} (delay ${words.destination}) holds ${ready ?? "?"} messages.`,
        values: {
          waiting: ready ?? null,
          trendPerMinute: slope === undefined ? null : Number((slope * 60).toFixed(2)),
        },
      };
    }
    const acked = freshPoints(view.acked, ctx, `${name} (acks)`);
    if (!acked.ok) return unknownItem(name, acked);
    const rate = drainRate(
      waitingPoints.points,
      acked.points,
      view.published.ok ? view.published.points : undefined,
      ctx.atMs,
    );
    const { lag } = rate;
    const ready = current.ok ? current.value : last(lag)?.value;
    const slope = slopePerSecond(lag);
    const trend = slope === undefined ? null : Number((slope * 60).toFixed(2));
    const drainS = drainSeconds(ready, rate.netHz);
    const lagFrom = ctx.atMs - DRAIN_WINDOW_MS;
    const firstTs = lag[0]?.tsMs ?? lagFrom;
    // increase() extrapolates, so counts are fractional: half a delivery is none.
    const deliveries = view.delivered.ok
      ? Math.round(sum(view.delivered.points.filter((p) => p.tsMs > firstTs && p.tsMs <= ctx.atMs)))
      : undefined;
    const result = lagStatus({
      lag,
      position: cumulative(acked.points.filter((p) => p.tsMs >= lagFrom)),
      ...(deliveries !== undefined ? { deliveries } : {}),
    });
    const values = {
      waiting: ready ?? null,
      inFlight: inFlight.ok ? inFlight.value : null,
      trendPerMinute: trend,
      ackRateHz: rate.ackRateHz === undefined ? null : Number(rate.ackRateHz.toFixed(3)),
      publishRateHz: rate.publishRateHz === undefined ? null : Number(rate.publishRateHz.toFixed(3)),
      timeToDrainSeconds: drainS === null || drainS === undefined ? null : Math.round(drainS),
      drain: drainState(drainS),
      lagStatus: result?.status ?? null,
    };
    const warnings = warningsOf(view.waiting, view.acked, view.published, current, inFlight);
    if (!result)
      return unknownItem(name, { source: PROMETHEUS, reason: `too few depth samples for ${name} to judge the lag` });
    const status = LAG_STATUS[result.status];
    if (status === "ok")
      return {
        subject: name,
        status,
        text: `${name}: ${ready ?? "?"} waiting, lag ${result.status}.`,
        values,
        warnings,
      };
    const drain =
      drainS === undefined
        ? `the time to drain is unknown (${view.published.ok ? "too few samples" : `publish rate: ${view.published.reason}`})`
        : drainS === null
          ? "it is not draining (acks do not outpace arrivals)"
          : `about ${formatDuration(drainS * 1000)} to drain at the current net rate`;
    return {
      subject: name,
      status,
      text: `${name} backlog ${result.status}: ${result.reason}; ${ready ?? "?"} waiting, ${trend ?? "?"}/min trend, ${drain}.`,
      values,
      warnings,
    };
  });
  const items = fromHistory.map((item, i) => withBrokerVerdict(views[i]!, item));
  return fromItems(
    "backlog",
    items,
    [PROMETHEUS, ctx.signals.broker],
    `No ${words.destination} is building a backlog.`,
  );
}

// ---- oldest-message-age ------------------------------------------------------------------

/** The oldest waiting message's age at the instant, and how it is known; undefined when it cannot be told. */
function oldestAge(
  view: DestinationView,
  ready: number,
  ctx: AnalysisContext,
): { ageMs: number; how: string; estimated: boolean } | undefined {
  const words = ctx.workflow.vocabulary;
  const measured = view.state?.oldestWaiting?.value;
  if (measured && !measured.estimated) {
    return { ageMs: Math.max(0, ctx.signals.nowMs - measured.publishedAtMs), how: measured.method, estimated: false };
  }
  // The series vanishes while the destination is empty and comes back with a newer head when it
  // refills: a sample older than two steps may be of messages long gone, so this one reading
  // is held to two steps rather than staleAfter (which would let it overstate the age).
  const heads = view.oldestTimestamp?.ok ? view.oldestTimestamp.points : [];
  const headPoint = last(heads);
  const headLimitMs = 2 * ctx.signals.history.stepSeconds * 1000;
  if (headPoint && !staleness(heads, ctx.atMs, headLimitMs, view.ref.name) && headPoint.value > 0) {
    return {
      ageMs: Math.max(0, ctx.atMs - headPoint.value * 1000),
      how: "from the oldest-message timestamp in Prometheus",
      estimated: false,
    };
  }
  const waiting = freshPoints(view.waiting, ctx, view.ref.name);
  if (!waiting.ok) return undefined;
  const points = waiting.points;
  const lastEmpty = [...points].reverse().find((p) => p.value === 0);
  // Little's law wants the average throughput, not the last two minutes' (drain.ts): over five
  // minutes a consumer that just stopped still weighs, so the estimate does not collapse to the
  // "since last empty" bound the moment acks pause.
  const ackRate = averageRateHz(view.acked.ok ? view.acked.points : [], ctx.atMs - LITTLE_WINDOW_MS);
  if (ackRate > 0 && !view.drainedBy) {
    return {
      ageMs: (ready / ackRate) * 1000,
      how: `estimated by Little's law (ready ÷ ack rate): ${words.broker} gives no timestamp of the oldest message here`,
      estimated: true,
    };
  }
  if (lastEmpty) {
    return {
      ageMs: ctx.atMs - lastEmpty.tsMs,
      how: `estimated as at most the time since the ${words.destination} was last empty (${isoTime(lastEmpty.tsMs)})`,
      estimated: true,
    };
  }
  if (points.length) {
    return {
      ageMs: ctx.atMs - points[0]!.tsMs,
      how: `estimated: the ${words.destination} has not been empty since before ${isoTime(points[0]!.tsMs)}, so at least this old may be waiting`,
      estimated: true,
    };
  }
  return undefined;
}

/** The span of acks Little's law averages over. */
const LITTLE_WINDOW_MS = 5 * 60_000;

/** Increments per second between the first and the last point from `fromMs` on; 0 without a span. */
function averageRateHz(increments: readonly SamplePoint[], fromMs: number): number {
  const inWindow = increments.filter((p) => p.tsMs >= fromMs);
  const spanS = inWindow.length >= 2 ? (inWindow[inWindow.length - 1]!.tsMs - inWindow[0]!.tsMs) / 1000 : 0;
  // Each increment covers the step before it: the first point's is outside the span.
  return spanS > 0 ? sum(inWindow.slice(1)) / spanS : 0;
}

export function oldestMessageAge(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const words = ctx.workflow.vocabulary;
  const warnMs = ctx.workflow.thresholds.oldestMessageAge * 1000;
  const critMs = Math.max(warnMs * 5, ctx.workflow.thresholds.noAckFor * 1000);
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view, words);
    const current = currentValue(view, "waiting", ctx);
    if (!current.ok) return unknownItem(name, current);
    const ready = current.value;
    const warnings = warningsOf(current, view.oldestTimestamp, view.waiting);
    if (ready === 0)
      return {
        subject: name,
        status: "ok",
        text: `${name} is empty.`,
        values: { waiting: ready, ageSeconds: null, estimated: false },
        warnings,
      };
    const age = oldestAge(view, ready, ctx);
    if (!age) {
      const waiting = freshPoints(view.waiting, ctx, name);
      return unknownItem(
        name,
        waiting.ok
          ? { source: ctx.signals.broker, reason: `no oldest-message timestamp and no depth history for ${name}` }
          : waiting,
      );
    }
    const { ageMs, how, estimated } = age;
    const values = { waiting: ready, ageSeconds: Math.round(ageMs / 1000), estimated, method: how };
    // A delay destination holds each message for its TTL on purpose: judge the age beyond it.
    // Whether this one is, is unknown: an age past the limit may be its TTL.
    if (view.drainUnknown && ageMs > warnMs) return unknownItem(name, view.drainUnknown);
    const allowance = view.drainedBy ? view.drainedBy.ttlMs : 0;
    const label = estimated ? " (estimate)" : "";
    if (ageMs - allowance > critMs)
      return {
        subject: name,
        status: "critical",
        text: `Oldest message on ${name} is ${formatDuration(ageMs)} old${label}.`,
        values,
        warnings,
      };
    if (ageMs - allowance > warnMs)
      return {
        subject: name,
        status: "warning",
        text: `Oldest message on ${name} is ${formatDuration(ageMs)} old${label} (limit ${formatDuration(warnMs)}).`,
        values,
        warnings,
      };
    return {
      subject: name,
      status: "ok",
      text: `Oldest message on ${name}: ${formatDuration(ageMs)}${label}.`,
      values,
      warnings,
    };
  });
  return fromItems(
    "oldest-message-age",
    items,
    [ctx.signals.broker, PROMETHEUS],
    "No message has waited longer than the limit.",
  );
}

// ---- redeliveries ------------------------------------------------------------------------

export function redeliveries(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const words = ctx.workflow.vocabulary;
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view, words);
    if (view.drainedBy)
      return { subject: name, status: "ok", text: `${name} is a delay ${words.destination}.`, values: {} };
    if (!view.redelivered.ok) return unknownItem(name, view.redelivered);
    if (!view.delivered.ok) return unknownItem(name, view.delivered);
    const redeliveredSum = windowSum(view.redelivered, ctx, `${name} (redeliveries)`);
    if (!isSum(redeliveredSum)) return { ...redeliveredSum, subject: name };
    const deliveredSum = windowSum(view.delivered, ctx, `${name} (deliveries)`);
    if (!isSum(deliveredSum)) return { ...deliveredSum, subject: name };
    const redelivered = redeliveredSum.total;
    const delivered = deliveredSum.total;
    const share = delivered > 0 ? redelivered / delivered : null;
    const values = {
      redelivered: Math.round(redelivered),
      delivered: Math.round(delivered),
      redeliveredShare: share === null ? null : Number(share.toFixed(3)),
    };
    const warnings = warningsOf(view.redelivered, view.delivered);
    if (share !== null && share > 0.5 && redelivered >= 20)
      return {
        subject: name,
        status: "critical",
        text: `Requeue storm on ${name}: ${Math.round(share * 100)}% of deliveries are redeliveries (${Math.round(redelivered)}).`,
        values,
        warnings,
      };
    if (share !== null && share > 0.1 && redelivered >= 5)
      return {
        subject: name,
        status: "warning",
        text: `${name}: ${Math.round(share * 100)}% of deliveries are redeliveries (${Math.round(redelivered)}): consumers requeue or lose channels.`,
        values,
        warnings,
      };
    return {
      subject: name,
      status: "ok",
      text: `${name}: ${Math.round(redelivered)} redeliveries of ${Math.round(delivered)} deliveries.`,
      values,
      warnings,
    };
  });
  return fromItems("redeliveries", items, [PROMETHEUS], "Redeliveries are rare.");
}

export function brokerChecks(ctx: AnalysisContext): Check[] {
  const views = destinationViews(ctx);
  return [
    consumersAlive(ctx, views),
    acksProgressing(ctx, views),
    throughputBalance(ctx, views),
    backlog(ctx, views),
    oldestMessageAge(ctx, views),
    deadLetters(ctx, views),
    redeliveries(ctx, views),
    unexpectedConsumers(ctx, views),
  ];
}

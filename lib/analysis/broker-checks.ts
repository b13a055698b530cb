// Checks on the broker side of a workflow, per queue over time: consumers, acks, throughput,
// backlog, age, redeliveries. Pure: the instant comes in the context. Dead letters and
// unexpected consumers (the broker's present state) live in broker-state-checks.ts.
import { lagStatus, type LagStatus } from "./lag";
import { currentValue, fromItems, type ItemResult, missingItem, unknownItem } from "./check-items";
import { deadLetters, unexpectedConsumers } from "./broker-state-checks";
import { type AnalysisContext, type Points, queueViews, within } from "./queue-view";
import { changes, cumulative, last, lastPositive, slopePerSecond, sum } from "./series";
import { formatDuration, isoTime, plural } from "./status";
import type { Check, CheckStatus } from "./types";

export { consumerMatches, deadLetters, unexpectedConsumers } from "./broker-state-checks";

// ---- consumers-alive ---------------------------------------------------------------------

export function consumersAlive(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view);
    if (view.delay) {
      return {
        subject: name,
        status: "ok",
        text: `${name} is a delay queue: messages return to ${view.delay.returnsTo} after ${formatDuration(view.delay.ttlMs)}; no consumer needed.`,
        values: { ttlMs: view.delay.ttlMs },
      };
    }
    const count = currentValue(view, "consumers");
    if (count === undefined)
      return unknownItem(
        name,
        view.consumers.ok ? { source: "rabbitmq", reason: `no consumer count for ${name}` } : view.consumers,
      );
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
    if (count === 0 && !view.snapshot && !lastUp && (currentValue(view, "ready") ?? 0) === 0) {
      // Never a consumer and nothing waiting, and the broker cannot say whether this is a TTL
      // (delay) queue that needs none: neither alarm nor all-clear.
      return unknownItem(name, {
        source: "rabbitmq",
        reason: `${name} never had a consumer in the lookback and is empty; without the broker's queue arguments it cannot be told apart from a delay queue`,
      });
    }
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
        text: `No consumer on ${name}${since}: ${view.declared.consumers.length ? `its consumer (${view.declared.consumers.join(", ")}) is down or crash-looping` : "none is declared for it in the config, and the broker shows no TTL that would drain it"}.${flap}`,
        values,
      };
    }
    if (flapping) {
      return {
        subject: name,
        status: "warning",
        text: `Consumers on ${name} are flapping: the count dropped ${drops.length} times in the window (a crash loop or restarts); ${count} now.`,
        values,
      };
    }
    return { subject: name, status: "ok", text: `${plural(count, "consumer")} on ${name}.`, values };
  });
  return fromItems("consumers-alive", items, ["rabbitmq", "prometheus"], "Every workflow queue has a consumer.");
}

// ---- acks-progressing --------------------------------------------------------------------

export function acksProgressing(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const limitMs = ctx.workflow.thresholds.noAckFor * 1000;
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view);
    if (view.delay)
      return { subject: name, status: "ok", text: `${name} is drained by its TTL, not by acks.`, values: {} };
    const ready = currentValue(view, "ready");
    if (ready === undefined)
      return unknownItem(name, view.ready.ok ? { source: "rabbitmq", reason: `no depth for ${name}` } : view.ready);
    if (!view.acked.ok) return unknownItem(name, view.acked);
    const lastAck = lastPositive(view.acked.points);
    const lookbackStart = view.acked.points[0]?.tsMs ?? (view.ready.ok ? view.ready.points[0]?.tsMs : undefined);
    const sinceMs = lastAck
      ? ctx.atMs - lastAck.tsMs
      : lookbackStart !== undefined
        ? ctx.atMs - lookbackStart
        : undefined;
    const values = {
      ready,
      lastAckAt: lastAck ? isoTime(lastAck.tsMs) : null,
      msSinceLastAck: sinceMs ?? null,
      thresholdMs: limitMs,
    };
    if (ready === 0) return { subject: name, status: "ok", text: `${name} has nothing waiting.`, values };
    if (sinceMs === undefined) return unknownItem(name, { source: "prometheus", reason: `no ack history for ${name}` });
    if (sinceMs > limitMs) {
      const when = lastAck ? `since ${isoTime(lastAck.tsMs)}` : `in the last ${formatDuration(sinceMs)} of data`;
      return {
        subject: name,
        status: "critical",
        text: `${plural(ready, "message")} waiting on ${name} and no ack ${when} (limit ${formatDuration(limitMs)}).`,
        values,
      };
    }
    return { subject: name, status: "ok", text: `${name}: last ack ${formatDuration(sinceMs)} ago.`, values };
  });
  return fromItems(
    "acks-progressing",
    items,
    ["prometheus", "rabbitmq"],
    "Every queue with waiting messages is being acked.",
  );
}

// ---- throughput-balance ------------------------------------------------------------------

function windowSum(points: Points, fromMs: number): number | undefined {
  const w = within(points, fromMs);
  return w === undefined ? undefined : sum(w);
}

export function throughputBalance(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view);
    if (view.delay)
      return { subject: name, status: "ok", text: `${name} is a delay queue (no acks by design).`, values: {} };
    if (!view.published.ok) return unknownItem(name, view.published);
    if (!view.acked.ok) return unknownItem(name, view.acked);
    const published = windowSum(view.published, ctx.fromMs)!;
    const acked = windowSum(view.acked, ctx.fromMs)!;
    const ratio = published > 0 ? acked / published : null;
    const values = {
      published: Math.round(published),
      acked: Math.round(acked),
      ackToPublishRatio: ratio === null ? null : Number(ratio.toFixed(3)),
    };
    if (published < 1 && acked < 1)
      return { subject: name, status: "ok", text: `No traffic on ${name} in the window.`, values };
    if (ratio !== null && published >= 10 && ratio < 0.5) {
      return {
        subject: name,
        status: "critical",
        text: `${name}: ${Math.round(acked)} acked of ${Math.round(published)} published (${Math.round(ratio * 100)}%); the rest is waiting, rejected or lost.`,
        values,
      };
    }
    if (ratio !== null && published >= 10 && ratio < 0.9) {
      return {
        subject: name,
        status: "warning",
        text: `${name}: only ${Math.round(ratio * 100)}% of published messages acked (${Math.round(acked)}/${Math.round(published)}); rejects or a slow consumer.`,
        values,
      };
    }
    return {
      subject: name,
      status: "ok",
      text: `${name}: ${Math.round(acked)} acked for ${Math.round(published)} published.`,
      values,
    };
  });
  return fromItems("throughput-balance", items, ["prometheus"], "Ack rate keeps up with publish rate on every queue.");
}

// ---- backlog -----------------------------------------------------------------------------

const LAG_STATUS: Record<LagStatus, CheckStatus> = {
  OK: "ok",
  WARN: "warning",
  REWIND: "warning",
  STALL: "critical",
  STOP: "critical",
};
/**
 * Burrow judges a handful of recent samples: the last two minutes, whatever the window (metrics
 * look back before it), so "now" and every instant of the transitions use the same rule.
 */
const LAG_WINDOW_MS = 2 * 60_000;

export function backlog(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view);
    if (!view.ready.ok) return unknownItem(name, view.ready);
    const lagFrom = ctx.atMs - LAG_WINDOW_MS;
    const lag = view.ready.points.filter((p) => p.tsMs >= lagFrom);
    const ready = currentValue(view, "ready") ?? last(lag)?.value;
    const unacked = view.snapshot?.unacked?.value ?? (view.unacked.ok ? last(view.unacked.points)?.value : undefined);
    const slope = slopePerSecond(lag);
    const trend = slope === undefined ? null : Number((slope * 60).toFixed(2));
    if (view.delay) {
      return {
        subject: name,
        status: "ok",
        text: `${name} (delay queue) holds ${ready ?? "?"} messages.`,
        values: { ready: ready ?? null, trendPerMinute: trend },
      };
    }
    if (!view.acked.ok) return unknownItem(name, view.acked);
    const ackIncrements = view.acked.points.filter((p) => p.tsMs >= lagFrom);
    const spanS = lag.length >= 2 ? (lag[lag.length - 1]!.tsMs - lag[0]!.tsMs) / 1000 : 0;
    // Each increment covers the step before its timestamp: over the span between the first and
    // last depth samples, count the increments after the first sample (no fencepost error).
    const firstTs = lag[0]?.tsMs ?? lagFrom;
    const ackRateHz = spanS > 0 ? sum(ackIncrements.filter((p) => p.tsMs > firstTs)) / spanS : undefined;
    // Arrivals keep coming while the backlog drains: only the net rate empties the queue.
    const publishRateHz =
      spanS > 0 && view.published.ok
        ? sum(view.published.points.filter((p) => p.tsMs > firstTs && p.tsMs <= ctx.atMs)) / spanS
        : undefined;
    const netHz = ackRateHz !== undefined ? ackRateHz - (publishRateHz ?? 0) : undefined;
    const drainS = ready !== undefined && netHz !== undefined && netHz > 0 ? ready / netHz : null;
    // increase() extrapolates, so counts are fractional: half a delivery is none.
    const deliveries = view.delivered.ok
      ? Math.round(sum(view.delivered.points.filter((p) => p.tsMs > firstTs && p.tsMs <= ctx.atMs)))
      : undefined;
    const result = lagStatus({
      lag,
      position: cumulative(ackIncrements),
      ...(deliveries !== undefined ? { deliveries } : {}),
    });
    const values = {
      ready: ready ?? null,
      unacked: unacked ?? null,
      trendPerMinute: trend,
      ackRateHz: ackRateHz === undefined ? null : Number(ackRateHz.toFixed(3)),
      publishRateHz: publishRateHz === undefined ? null : Number(publishRateHz.toFixed(3)),
      timeToDrainSeconds: drainS === null ? null : Math.round(drainS),
      lagStatus: result?.status ?? null,
    };
    if (!result)
      return unknownItem(name, { source: "prometheus", reason: `too few depth samples for ${name} to judge the lag` });
    const status = LAG_STATUS[result.status];
    if (status === "ok")
      return { subject: name, status, text: `${name}: ${ready ?? "?"} ready, lag ${result.status}.`, values };
    const drain =
      drainS === null
        ? "it is not draining (acks do not outpace arrivals)"
        : `about ${formatDuration(drainS * 1000)} to drain at the current net rate`;
    return {
      subject: name,
      status,
      text: `${name} backlog ${result.status}: ${result.reason}; ${ready ?? "?"} ready, ${trend ?? "?"}/min trend, ${drain}.`,
      values,
    };
  });
  return fromItems("backlog", items, ["prometheus", "rabbitmq"], "No queue is building a backlog.");
}

// ---- oldest-message-age ------------------------------------------------------------------

export function oldestMessageAge(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const warnMs = ctx.workflow.thresholds.oldestMessageAge * 1000;
  const critMs = Math.max(warnMs * 5, ctx.workflow.thresholds.noAckFor * 1000);
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view);
    const ready = currentValue(view, "ready");
    if (ready === undefined)
      return unknownItem(name, view.ready.ok ? { source: "rabbitmq", reason: `no depth for ${name}` } : view.ready);
    if (ready === 0)
      return {
        subject: name,
        status: "ok",
        text: `${name} is empty.`,
        values: { ready, ageSeconds: null, estimated: false },
      };
    let ageMs: number | undefined;
    let how = "";
    let estimated = false;
    const headPoint = view.headTimestamp?.ok ? last(view.headTimestamp.points) : undefined;
    // The series is only fresh if its last sample is recent (it disappears when the queue empties).
    const seriesHead =
      headPoint && ctx.atMs - headPoint.tsMs <= 2 * ctx.signals.metrics.stepSeconds * 1000 && headPoint.value > 0
        ? headPoint
        : undefined;
    const head = view.snapshot?.headMessageTimestampS?.value;
    if (head !== undefined) {
      ageMs = Math.max(0, ctx.signals.nowMs - head * 1000);
      how = "from the broker's head_message_timestamp";
    } else if (seriesHead) {
      ageMs = Math.max(0, ctx.atMs - seriesHead.value * 1000);
      how = "from rabbitmq_queue_head_message_timestamp";
    } else if (view.ready.ok) {
      estimated = true;
      const points = view.ready.points;
      const lastEmpty = [...points].reverse().find((p) => p.value === 0);
      const ackWindow = view.acked.ok ? view.acked.points.filter((p) => p.tsMs >= ctx.atMs - 5 * 60_000) : [];
      const spanS = ackWindow.length >= 2 ? (ackWindow[ackWindow.length - 1]!.tsMs - ackWindow[0]!.tsMs) / 1000 : 0;
      const ackRate = spanS > 0 ? sum(ackWindow.slice(1)) / spanS : 0;
      if (ackRate > 0 && !view.delay) {
        ageMs = (ready / ackRate) * 1000;
        how =
          "estimated by Little's law (ready ÷ ack rate): the broker has no head_message_timestamp (publisher sets no timestamp, or a quorum queue)";
      } else if (lastEmpty) {
        ageMs = ctx.atMs - lastEmpty.tsMs;
        how = `estimated as at most the time since the queue was last empty (${isoTime(lastEmpty.tsMs)})`;
      } else if (points.length) {
        ageMs = ctx.atMs - points[0]!.tsMs;
        how = `estimated: the queue has not been empty since before ${isoTime(points[0]!.tsMs)}, so at least this old may be waiting`;
      }
    }
    if (ageMs === undefined)
      return unknownItem(name, {
        source: "rabbitmq",
        reason: `no head_message_timestamp and no depth history for ${name}`,
      });
    const values = { ready, ageSeconds: Math.round(ageMs / 1000), estimated, method: how };
    // A delay queue holds each message for its TTL on purpose: judge the age beyond it.
    const allowance = view.delay ? view.delay.ttlMs : 0;
    const label = estimated ? " (estimate)" : "";
    if (ageMs - allowance > critMs)
      return {
        subject: name,
        status: "critical",
        text: `Oldest message on ${name} is ${formatDuration(ageMs)} old${label}.`,
        values,
      };
    if (ageMs - allowance > warnMs)
      return {
        subject: name,
        status: "warning",
        text: `Oldest message on ${name} is ${formatDuration(ageMs)} old${label} (limit ${formatDuration(warnMs)}).`,
        values,
      };
    return {
      subject: name,
      status: "ok",
      text: `Oldest message on ${name}: ${formatDuration(ageMs)}${label}.`,
      values,
    };
  });
  return fromItems(
    "oldest-message-age",
    items,
    ["rabbitmq", "prometheus"],
    "No message has waited longer than the limit.",
  );
}

// ---- redeliveries ------------------------------------------------------------------------

export function redeliveries(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (view.missing) return missingItem(view);
    if (view.delay) return { subject: name, status: "ok", text: `${name} is a delay queue.`, values: {} };
    if (!view.redelivered.ok) return unknownItem(name, view.redelivered);
    if (!view.delivered.ok) return unknownItem(name, view.delivered);
    const redelivered = windowSum(view.redelivered, ctx.fromMs)!;
    const delivered = windowSum(view.delivered, ctx.fromMs)!;
    const share = delivered > 0 ? redelivered / delivered : null;
    const values = {
      redelivered: Math.round(redelivered),
      delivered: Math.round(delivered),
      redeliveredShare: share === null ? null : Number(share.toFixed(3)),
    };
    if (share !== null && share > 0.5 && redelivered >= 20)
      return {
        subject: name,
        status: "critical",
        text: `Requeue storm on ${name}: ${Math.round(share * 100)}% of deliveries are redeliveries (${Math.round(redelivered)}).`,
        values,
      };
    if (share !== null && share > 0.1 && redelivered >= 5)
      return {
        subject: name,
        status: "warning",
        text: `${name}: ${Math.round(share * 100)}% of deliveries are redeliveries (${Math.round(redelivered)}): consumers requeue or lose channels.`,
        values,
      };
    return {
      subject: name,
      status: "ok",
      text: `${name}: ${Math.round(redelivered)} redeliveries of ${Math.round(delivered)} deliveries.`,
      values,
    };
  });
  return fromItems("redeliveries", items, ["prometheus"], "Redeliveries are rare.");
}

export function brokerChecks(ctx: AnalysisContext): Check[] {
  const views = queueViews(ctx);
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

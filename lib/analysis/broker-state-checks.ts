// Checks on the broker's present state: where failed messages go (dead letters per source
// destination) and who is consuming (undeclared consumers). Judged at the end of the window
// only, and only from a state observed then.
import { DESTINATION_LABEL, type DeadLetterRoute } from "@/lib/domain/destination";
import { matcherText } from "@/lib/config/consumers";
import { fromItems, type ItemResult, missingItem, unknownItem, warningsOf } from "./check-items";
import { isDeclared } from "./consumers";
import { type AnalysisContext, destinationViews, stateNotCurrent } from "./destination-view";
import { freshPoints, PROMETHEUS } from "./freshness";
import { formatDuration, plural } from "./status";
import { type DeadLetterGrowth, upstreamHint } from "./upstream-hint";
import type { Check } from "./types";

// ---- dead-letters ------------------------------------------------------------------------

export function deadLetters(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const { signals } = ctx;
  const words = ctx.workflow.vocabulary;
  const broker = signals.broker;
  if (!signals.state.ok)
    return fromItems("dead-letters", [unknownItem(broker, signals.state)], [broker, PROMETHEUS], "");
  if (ctx.historical)
    return fromItems(
      "dead-letters",
      [unknownItem(broker, { source: broker, reason: "dead-letter routes are only known at the end of the window" })],
      [broker],
      "",
      false,
    );
  // A window that ended long before (or after) the broker was read: its dead letters then are
  // not known. Said, without holding the verdict of that window back.
  const elsewhen = stateNotCurrent(ctx);
  if (elsewhen) return fromItems("dead-letters", [unknownItem(broker, elsewhen)], [broker], "", false);
  const state = signals.state.value;
  const perMinuteLimit = ctx.workflow.thresholds.deadLetterPerMinute;
  const depthSeries = signals.history.signals.waiting;
  const items: ItemResult[] = [];
  const growing: DeadLetterGrowth[] = [];
  let judged = 0;
  for (const view of views) {
    if (view.missing || view.drainedBy) continue;
    judged += 1;
    const route: DeadLetterRoute | undefined = state.deadLetterRoutes.find((r) => r.sourceKey === view.key);
    if (!route) {
      if (state.noDeadLetterRoute.includes(view.key)) {
        items.push({
          subject: view.ref.name,
          status: "ok",
          text: `${view.ref.name} ${words.noDeadLetterRoute}: rejected messages are discarded.`,
          values: { deadLetterRoute: null },
        });
      }
      continue;
    }
    if (route.targets.length === 0) {
      items.push({
        subject: view.ref.name,
        status: "warning",
        text: `${view.ref.name} dead-letters to ${route.via} but no ${words.destination} receives them there: rejected messages are lost.`,
        values: { deadLetterRoute: route.via },
      });
      continue;
    }
    for (const target of route.targets) {
      const dlq = state.deadLetterStates.find((d) => d.ref.key === target.key);
      const depth = dlq?.waiting?.value;
      const series = depthSeries?.ok
        ? depthSeries.value.find((s) => s.labels[DESTINATION_LABEL] === target.key)
        : undefined;
      const fresh = series
        ? freshPoints({ ok: true, points: series.points.filter((p) => p.tsMs <= ctx.atMs) }, ctx, target.name)
        : undefined;
      const points =
        fresh?.ok === true
          ? fresh.points.filter((p) => p.tsMs >= ctx.fromMs && p.tsMs <= ctx.atMs && Number.isFinite(p.value))
          : [];
      const spanMin = points.length >= 2 ? (points[points.length - 1]!.tsMs - points[0]!.tsMs) / 60_000 : 0;
      const growth = points.length >= 2 ? points[points.length - 1]!.value - points[0]!.value : undefined;
      const perMinute = growth !== undefined && spanMin > 0 ? growth / spanMin : undefined;
      const oldest = dlq?.oldestWaiting?.value;
      const oldestS = oldest ? Math.max(0, Math.round((signals.nowMs - oldest.publishedAtMs) / 1000)) : null;
      const values = {
        dlq: target.name,
        depth: depth ?? null,
        growthInWindow: growth ?? null,
        perMinute: perMinute === undefined ? null : Number(perMinute.toFixed(2)),
        oldestAgeSeconds: oldestS,
      };
      const subject = `${view.ref.name} → ${target.name}`;
      const warnings = depthSeries ? warningsOf(depthSeries) : [];
      // Without the depth history growth is unknown, whatever the reason: a standing depth is
      // then not "not growing".
      const noGrowth =
        fresh && !fresh.ok
          ? fresh.reason
          : !depthSeries
            ? "no depth history was asked"
            : !depthSeries.ok
              ? depthSeries.reason
              : !series
                ? `Prometheus has no depth series for ${target.name} (or the broker named it too late to ask)`
                : perMinute === undefined
                  ? "too few depth samples in the window"
                  : undefined;
      const growthUnknown = noGrowth ? `; growth unknown (${noGrowth})` : "";
      if (depth === undefined) {
        items.push(unknownItem(subject, { source: broker, reason: `${words.deadLetter} ${target.name} not readable` }));
      } else if (perMinute !== undefined && growth! > 0 && perMinute > perMinuteLimit) {
        growing.push({ destination: view.ref.name, dlq: target.name, perMinute });
        items.push({
          subject,
          status: "warning",
          text: `${target.name} grew by ${Math.round(growth!)} in the window (${perMinute.toFixed(1)}/min, limit ${perMinuteLimit}/min): messages from ${view.ref.name} are failing; ${depth} waiting.`,
          values,
          warnings,
        });
      } else if (depth > 0) {
        const age = oldestS !== null ? `, oldest ${formatDuration(oldestS * 1000)}` : "";
        items.push({
          subject,
          status: "warning",
          text: growthUnknown
            ? `${plural(depth, "message")} sit in ${target.name}${age}${growthUnknown}: failed orders nobody has handled.`
            : `${plural(depth, "message")} sit in ${target.name}${age}, not growing: failed orders nobody has handled.`,
          values,
          warnings,
        });
      } else {
        items.push({ subject, status: "ok", text: `${target.name} is empty.`, values, warnings });
      }
    }
  }
  const hint = upstreamHint(growing, judged, ctx.workflow.producer?.service);
  if (hint) items.push(hint);
  return fromItems("dead-letters", items, [broker, PROMETHEUS], "No dead letters.");
}

// ---- unexpected-consumers ----------------------------------------------------------------

export function unexpectedConsumers(ctx: AnalysisContext, views = destinationViews(ctx)): Check {
  const broker = ctx.signals.broker;
  const words = ctx.workflow.vocabulary;
  if (ctx.historical) {
    return fromItems(
      "unexpected-consumers",
      [unknownItem(broker, { source: broker, reason: "consumer details exist only for the present" })],
      [broker],
      "",
      false,
    );
  }
  const elsewhen = stateNotCurrent(ctx);
  if (elsewhen) return fromItems("unexpected-consumers", [unknownItem(broker, elsewhen)], [broker], "", false);
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (!ctx.signals.state.ok) return unknownItem(name, ctx.signals.state);
    if (view.missing) return missingItem(view, words);
    if (!view.state) return unknownItem(name, view.stateProblem ?? { source: broker, reason: `no state for ${name}` });
    const consumers = view.state.consumers?.value;
    if (!consumers)
      return unknownItem(name, { source: broker, reason: `the broker sent no consumer details for ${name}` });
    const declared = view.declared.consumers;
    const named = consumers.map((c) => c.label);
    // Readers outside the destination's own (Kafka: other consumer groups on the topic) take
    // their own copy; undeclared, they are strangers whatever name they give.
    const outsiders = (view.state.otherConsumers?.value ?? [])
      .filter((c) => !isDeclared(c, declared))
      .map((c) => (c.attributes.group ? `${c.label} (group ${c.attributes.group})` : c.label));
    const strangers = [
      ...new Set([
        ...consumers.filter((c) => !c.anonymous && !isDeclared(c, declared)).map((c) => c.label),
        ...outsiders,
      ]),
    ];
    const anonymous = consumers.filter((c) => c.anonymous && !isDeclared(c, declared)).map((c) => c.label);
    const declaredText = declared.map(matcherText).join(", ");
    const values = { consumers: consumers.length, names: named.join(", "), declared: declaredText };
    if (strangers.length) {
      return {
        subject: name,
        status: "critical",
        text: `Undeclared consumer${strangers.length > 1 ? "s" : ""} ${strangers.join(", ")} on ${name} (declared: ${declaredText || "none"}): messages are being taken by something outside the workflow.`,
        values,
      };
    }
    if (anonymous.length) {
      return {
        subject: name,
        status: "warning",
        text: `${plural(anonymous.length, "consumer")} on ${name} known only by a name the broker made up (${anonymous.join(", ")}): ${words.anonymousConsumerHint}, or declare it by another identity (docs/configuration.md).`,
        values,
      };
    }
    return {
      subject: name,
      status: "ok",
      text: consumers.length
        ? `${name}: only declared consumers (${[...new Set(named)].join(", ")}).`
        : `${name}: no consumers attached.`,
      values,
    };
  });
  return fromItems("unexpected-consumers", items, [broker], "Only declared consumers are attached.");
}

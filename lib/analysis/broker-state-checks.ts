// Checks on the broker's present state: where rejected messages go (dead letters per source
// queue) and who is consuming (undeclared consumers). Judged at the end of the window only.
import { fromItems, type ItemResult, missingItem, unknownItem } from "./check-items";
import { type AnalysisContext, queueViews } from "./queue-view";
import { formatDuration, plural } from "./status";
import type { Check } from "./types";

// ---- dead-letters ------------------------------------------------------------------------

export function deadLetters(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  const { signals } = ctx;
  if (!signals.broker.ok)
    return fromItems("dead-letters", [unknownItem("broker", signals.broker)], ["rabbitmq", "prometheus"], "");
  if (ctx.historical)
    return fromItems(
      "dead-letters",
      [
        unknownItem("broker", {
          source: "rabbitmq",
          reason: "dead-letter routes are only known at the end of the window",
        }),
      ],
      ["rabbitmq"],
      "",
      false,
    );
  const broker = signals.broker.value;
  const perMinuteLimit = ctx.workflow.thresholds.deadLetterPerMinute;
  const dlqSeries = signals.metrics.ready;
  const items: ItemResult[] = [];
  for (const view of views) {
    if (view.missing || view.delay) continue;
    const route = broker.routes.find((r) => r.sourceQueue === view.key);
    if (!route) {
      items.push({
        subject: view.ref.name,
        status: "ok",
        text: `${view.ref.name} has no dead-letter exchange: rejected messages are discarded.`,
        values: { deadLetterExchange: null },
      });
      continue;
    }
    if (route.dlqNames.length === 0) {
      items.push({
        subject: view.ref.name,
        status: "warning",
        text: `${view.ref.name} dead-letters to exchange "${route.exchange}" but no queue is bound there: rejected messages are lost.`,
        values: { deadLetterExchange: route.exchange },
      });
      continue;
    }
    for (const dlqName of route.dlqNames) {
      const dlq = broker.deadLetterQueues.find((q) => q.name === dlqName && q.vhost === view.ref.vhost);
      const depth = dlq?.ready?.value ?? dlq?.total?.value;
      const series = dlqSeries.ok ? dlqSeries.value.find((s) => s.labels.queue === dlqName) : undefined;
      const points = series
        ? series.points.filter((p) => p.tsMs >= ctx.fromMs && p.tsMs <= ctx.atMs && Number.isFinite(p.value))
        : [];
      const spanMin = points.length >= 2 ? (points[points.length - 1]!.tsMs - points[0]!.tsMs) / 60_000 : 0;
      const growth = points.length >= 2 ? points[points.length - 1]!.value - points[0]!.value : undefined;
      const perMinute = growth !== undefined && spanMin > 0 ? growth / spanMin : undefined;
      const head = dlq?.headMessageTimestampS?.value;
      const oldestS = head !== undefined ? Math.max(0, Math.round(signals.nowMs / 1000 - head)) : null;
      const values = {
        dlq: dlqName,
        depth: depth ?? null,
        growthInWindow: growth ?? null,
        perMinute: perMinute === undefined ? null : Number(perMinute.toFixed(2)),
        oldestAgeSeconds: oldestS,
      };
      const subject = `${view.ref.name} → ${dlqName}`;
      if (depth === undefined) {
        items.push(unknownItem(subject, { source: "rabbitmq", reason: `dead-letter queue ${dlqName} not readable` }));
      } else if (perMinute !== undefined && growth! > 0 && perMinute > perMinuteLimit) {
        items.push({
          subject,
          status: "warning",
          text: `${dlqName} grew by ${Math.round(growth!)} in the window (${perMinute.toFixed(1)}/min, limit ${perMinuteLimit}/min): messages from ${view.ref.name} are failing; ${depth} waiting.`,
          values,
        });
      } else if (depth > 0) {
        const age = oldestS !== null ? `, oldest ${formatDuration(oldestS * 1000)}` : "";
        items.push({
          subject,
          status: "warning",
          text: `${plural(depth, "message")} sit in ${dlqName}${age}, not growing: failed orders nobody has handled.`,
          values,
        });
      } else {
        items.push({ subject, status: "ok", text: `${dlqName} is empty.`, values });
      }
    }
  }
  return fromItems("dead-letters", items, ["rabbitmq", "prometheus"], "No dead letters.");
}

// ---- unexpected-consumers ----------------------------------------------------------------

/** RabbitMQ's generated connection name ("10.0.0.5:51234 -> 10.0.0.9:5672") says nothing about the app. */
const GENERATED_NAME = /^\S+:\d+ -> \S+:\d+$/;

export function consumerMatches(name: string, declared: readonly string[]): boolean {
  return declared.some(
    (d) =>
      name === d ||
      name.startsWith(`${d}-`) ||
      name.startsWith(`${d}@`) ||
      name.startsWith(`${d}:`) ||
      name.startsWith(`${d}/`),
  );
}

export function unexpectedConsumers(ctx: AnalysisContext, views = queueViews(ctx)): Check {
  if (ctx.historical) {
    return fromItems(
      "unexpected-consumers",
      [unknownItem("broker", { source: "rabbitmq", reason: "consumer details exist only for the present" })],
      ["rabbitmq"],
      "",
      false,
    );
  }
  const { signals } = ctx;
  const items = views.map((view): ItemResult => {
    const name = view.ref.name;
    if (!signals.broker.ok) return unknownItem(name, signals.broker);
    if (view.missing) return missingItem(view);
    const details = view.snapshot?.consumerDetails;
    if (!details)
      return unknownItem(name, { source: "rabbitmq", reason: `the broker sent no consumer_details for ${name}` });
    const named = details.map((c) => c.clientConnectionName ?? c.connectionName ?? c.consumerTag);
    const strangers = [
      ...new Set(named.filter((n) => !GENERATED_NAME.test(n) && !consumerMatches(n, view.declared.consumers))),
    ];
    const anonymous = named.filter((n) => GENERATED_NAME.test(n));
    const values = { consumers: details.length, names: named.join(", "), declared: view.declared.consumers.join(", ") };
    if (strangers.length) {
      return {
        subject: name,
        status: "critical",
        text: `Undeclared consumer${strangers.length > 1 ? "s" : ""} ${strangers.join(", ")} on ${name} (declared: ${view.declared.consumers.join(", ") || "none"}): messages are being taken by something outside the workflow.`,
        values,
      };
    }
    if (anonymous.length) {
      return {
        subject: name,
        status: "warning",
        text: `${plural(anonymous.length, "consumer")} on ${name} without a connection name (${anonymous.join(", ")}): set connection_name so it can be told apart.`,
        values,
      };
    }
    return {
      subject: name,
      status: "ok",
      text: details.length
        ? `${name}: only declared consumers (${[...new Set(named)].join(", ")}).`
        : `${name}: no consumers attached.`,
      values,
    };
  });
  return fromItems("unexpected-consumers", items, ["rabbitmq"], "Only declared consumers are attached.");
}

// The number row under a workflow's headline (issue 11): per destination, who consumes it
// (attached / declared, the undeclared by name), its backlog, the oldest waiting message, acks
// per publish over the window and what sits in its dead-letter destinations. The link-preview
// image, the phone's first screen and the overview all read these, so "0 waiting" never stands
// for an incident whose messages sit in a DLQ. Pure: signals and the verdict come in.
//
// The present readings (consumers, backlog, DLQ depth) are the ones the checks judge by
// (currentValue: the broker's state when current, else a fresh metric sample), each with when
// it was observed; the window figures (oldest age, ack/publish) are the checks' own, read from
// their evidence, so the row never disagrees with the verdict below it. A number nobody could
// read is a gap with the reason, never 0.
import type { WorkflowConfig } from "@/lib/config/schema";
import { matcherText } from "@/lib/config/consumers";
import { isDeclared } from "@/lib/analysis/consumers";
import { type AnalysisContext, destinationViews, type DestinationView } from "@/lib/analysis/destination-view";
import { currentValue, stateIsCurrent } from "@/lib/analysis/freshness";
import { isoTime, plural, worst } from "@/lib/analysis/status";
import {
  BROKER_CHECK_IDS,
  type Check,
  type CheckStatus,
  type WorkflowHealth,
  type WorkflowSignals,
} from "@/lib/analysis/types";

/** One number: its value with when it was true and where it came from, a gap, or not applicable. */
export type Figure =
  | { kind: "value"; value: number; atMs: number; from: string; estimated?: boolean }
  /** Nobody could read it: never drawn as 0. */
  | { kind: "gap"; reason: string }
  /** It does not apply here ("empty", "no traffic", "no DLQ"), which is not a gap either. */
  | { kind: "none"; text: string };

/** Who is attached that the workflow does not declare, or why that cannot be told. */
export type Strangers = { ok: true; names: string[]; anonymous: number } | { ok: false; reason: string };

export interface DestinationNumbers {
  key: string;
  name: string;
  /** The worst status the broker checks gave this destination (colours the row). */
  status: CheckStatus;
  /** The broker answered and does not have it. */
  missing: boolean;
  /** Drained by its TTL into `delayFor`: needs no consumer, is not acked. */
  delayFor?: string;
  consumers: Figure;
  /** Declared consumers (their matcher text), the "/ declared" of "attached / declared". */
  declared: string[];
  strangers: Strangers;
  backlog: Figure;
  oldestAgeSeconds: Figure;
  /** Acked ÷ published over the window (throughput-balance's own figure). */
  ackPublishRatio: Figure;
  /** Messages waiting in its dead-letter destinations, summed. */
  dlqDepth: Figure;
  dlqNames: string[];
}

export interface NumberRow {
  /** Checks failing, by severity; unknown counts only those that matter for the verdict. */
  failing: { critical: number; warning: number; unknown: number };
  destinations: DestinationNumbers[];
  totals: {
    /** Waiting messages over the workflow's destinations (a gap if any one is). */
    backlog: Figure;
    /** Waiting in the dead-letter destinations, each counted once (a DLQ may serve several). */
    dlqDepth: Figure;
    /** Attached consumers over the destinations that need one. */
    consumers: Figure;
    declared: number;
    /** "website-counter on order_confirmed.inventory", "1 unnamed consumer on …". */
    undeclared: string[];
  };
}

type Health = Pick<WorkflowHealth, "checks">;

const BROKER_CHECKS = new Set<Check["id"]>(BROKER_CHECK_IDS);

function itemOf(health: Health, checkId: Check["id"], subject: string) {
  return health.checks.find((c) => c.id === checkId)?.evidence.items.find((i) => i.subject === subject);
}

function destinationStatus(health: Health, name: string): CheckStatus {
  return worst(
    health.checks
      .filter((check) => BROKER_CHECKS.has(check.id))
      .flatMap((check) => check.evidence.items)
      .filter((item) => item.subject === name || item.subject.startsWith(`${name} → `))
      .map((item) => item.status),
  );
}

function reading(view: DestinationView, field: "waiting" | "consumers", ctx: AnalysisContext): Figure {
  const current = currentValue(view, field, ctx);
  return current.ok
    ? { kind: "value", value: current.value, atMs: current.atMs, from: current.from }
    : { kind: "gap", reason: current.reason };
}

function strangersOf(view: DestinationView, signals: WorkflowSignals): Strangers {
  if (!signals.state.ok) return { ok: false, reason: signals.state.reason };
  if (view.stateProblem) return { ok: false, reason: view.stateProblem.reason };
  const consumers = view.state?.consumers?.value;
  if (!consumers) return { ok: false, reason: `the broker sent no consumer details for ${view.ref.name}` };
  const declared = view.declared.consumers;
  // Readers outside the declared group (DestinationState.otherConsumers: another Kafka group on the topic).
  const others = view.state?.otherConsumers?.value ?? [];
  const outside = [...consumers, ...others].filter((c) => !isDeclared(c, declared));
  return {
    ok: true,
    names: [...new Set(outside.filter((c) => !c.anonymous).map((c) => c.label))],
    anonymous: outside.filter((c) => c.anonymous).length,
  };
}

/** The check's figure for this destination, or why there is none. */
function judged(
  health: Health,
  checkId: Check["id"],
  name: string,
  read: (values: Record<string, unknown>) => Figure | undefined,
): Figure {
  const item = itemOf(health, checkId, name);
  if (!item) return { kind: "gap", reason: `${checkId} did not judge ${name}` };
  if (item.status === "unknown") return { kind: "gap", reason: item.text };
  return read(item.values) ?? { kind: "gap", reason: `${checkId} gave no figure for ${name}` };
}

interface DeadLetters {
  figure: Figure;
  names: string[];
  targets: Array<{ key: string; depth: Figure }>;
}

function deadLettersOf(view: DestinationView, signals: WorkflowSignals, toMs: number): DeadLetters {
  const state = signals.state;
  if (!state.ok) return { figure: { kind: "gap", reason: state.reason }, names: [], targets: [] };
  if (!stateIsCurrent(signals, toMs))
    return {
      figure: {
        kind: "gap",
        reason: `${state.value.from} state is from ${isoTime(state.value.atMs)}, not from ${isoTime(toMs)}`,
      },
      names: [],
      targets: [],
    };
  const route = state.value.deadLetterRoutes.find((r) => r.sourceKey === view.key);
  if (!route) return { figure: { kind: "none", text: "no DLQ" }, names: [], targets: [] };
  if (route.targets.length === 0)
    return { figure: { kind: "none", text: "DLQ routes nowhere" }, names: [], targets: [] };
  const targets = route.targets.map((target) => {
    const waiting = state.value.deadLetterStates.find((d) => d.ref.key === target.key)?.waiting;
    const depth: Figure = waiting
      ? { kind: "value", value: waiting.value, atMs: waiting.atMs, from: waiting.from }
      : { kind: "gap", reason: `${target.name} not readable` };
    return { key: target.key, depth };
  });
  return { figure: sumFigures(targets.map((t) => t.depth)), names: route.targets.map((t) => t.name), targets };
}

/** The sum, observed at the oldest of its parts; a gap if any part is one (a partial sum would lie). */
export function sumFigures(figures: readonly Figure[]): Figure {
  const gap = figures.find((f) => f.kind === "gap");
  if (gap) return gap;
  const values = figures.filter((f): f is Extract<Figure, { kind: "value" }> => f.kind === "value");
  if (values.length === 0) return figures[0] ?? { kind: "none", text: "none" };
  return {
    kind: "value",
    value: values.reduce((total, f) => total + f.value, 0),
    atMs: Math.min(...values.map((f) => f.atMs)),
    from: [...new Set(values.map((f) => f.from))].join(", "),
  };
}

export function numberRow(workflow: WorkflowConfig, signals: WorkflowSignals, health: Health): NumberRow {
  const { fromMs, toMs } = signals.window;
  const ctx: AnalysisContext = { workflow, signals, atMs: toMs, fromMs, historical: false };
  const words = workflow.vocabulary;
  const dlqByKey = new Map<string, Figure>();
  const destinations = destinationViews(ctx).map((view): DestinationNumbers => {
    const name = view.ref.name;
    const gone: Figure = { kind: "none", text: `no such ${words.destination}` };
    const deadLetters = deadLettersOf(view, signals, toMs);
    for (const t of deadLetters.targets) dlqByKey.set(t.key, t.depth);
    const backlog = view.missing ? gone : reading(view, "waiting", ctx);
    const empty = backlog.kind === "value" && backlog.value === 0;
    return {
      key: view.key,
      name,
      status: destinationStatus(health, name),
      missing: view.missing,
      ...(view.drainedBy ? { delayFor: view.drainedBy.returnsToName } : {}),
      consumers: view.missing
        ? gone
        : view.drainedBy
          ? { kind: "none", text: `delay ${words.destination}` }
          : reading(view, "consumers", ctx),
      declared: view.declared.consumers.map(matcherText),
      strangers: view.missing ? { ok: true, names: [], anonymous: 0 } : strangersOf(view, signals),
      backlog,
      oldestAgeSeconds: view.missing
        ? gone
        : empty
          ? { kind: "none", text: "empty" }
          : judged(health, "oldest-message-age", name, (v) =>
              typeof v.ageSeconds === "number"
                ? {
                    kind: "value",
                    value: v.ageSeconds,
                    atMs: toMs,
                    from: typeof v.method === "string" ? v.method : "oldest-message-age",
                    ...(v.estimated === true ? { estimated: true } : {}),
                  }
                : v.waiting === 0
                  ? { kind: "none", text: "empty" }
                  : undefined,
            ),
      ackPublishRatio:
        view.missing || view.drainedBy
          ? { kind: "none", text: view.drainedBy ? "not acked" : gone.text }
          : judged(health, "throughput-balance", name, (v) =>
              typeof v.ackToPublishRatio === "number"
                ? { kind: "value", value: v.ackToPublishRatio, atMs: toMs, from: "Prometheus, over the window" }
                : typeof v.published === "number"
                  ? { kind: "none", text: "no publishes" }
                  : undefined,
            ),
      dlqDepth: view.missing ? gone : deadLetters.figure,
      dlqNames: deadLetters.names,
    };
  });
  const present = destinations.filter((d) => !d.missing);
  const needConsumer = present.filter((d) => d.delayFor === undefined);
  const dlqFigures = [...dlqByKey.values()];
  const dlqGap = present.map((d) => d.dlqDepth).find((f) => f.kind === "gap");
  return {
    failing: {
      critical: health.checks.filter((c) => c.status === "critical").length,
      warning: health.checks.filter((c) => c.status === "warning").length,
      unknown: health.checks.filter((c) => c.status === "unknown" && c.matters).length,
    },
    destinations,
    totals: {
      backlog: present.length ? sumFigures(present.map((d) => d.backlog)) : { kind: "none", text: "none" },
      dlqDepth: dlqGap ?? (dlqFigures.length ? sumFigures(dlqFigures) : { kind: "none", text: "no DLQ" }),
      consumers: needConsumer.length
        ? sumFigures(needConsumer.map((d) => d.consumers))
        : { kind: "none", text: "none" },
      declared: needConsumer.reduce((total, d) => total + d.declared.length, 0),
      undeclared: present.flatMap((d) =>
        d.strangers.ok
          ? [
              ...d.strangers.names.map((n) => `${n} on ${d.name}`),
              ...(d.strangers.anonymous ? [`${plural(d.strangers.anonymous, "unnamed consumer")} on ${d.name}`] : []),
            ]
          : [],
      ),
    },
  };
}

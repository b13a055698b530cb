// The flow strip (issue 11): producer → exchange → destination → consumers, with the rate,
// backlog and age on each edge, and the edge where messages stop marked broken, in words as well
// as in red. It is the one picture that says where the message stops.
//
// Pure and broker-neutral: built from what the workflow page already has (the number row, the
// verdict's checks, the window and the trace sample). The broker's words name the nodes ("queue",
// "topic"; "exchange" only where the broker routes through one: BrokerVocabulary.entry). An edge
// takes the worst status the broker checks gave its destination on that side: the consumer side
// (consumers alive, acks, balance, backlog, age, redeliveries, who consumes) or the dead-letter
// side. Figures are text already (figureText), so the page draws strings and ships no formatter.
import type { WorkflowConfig } from "@/lib/config/schema";
import { capitalise } from "@/lib/domain/destination";
import { attributeText, matchesRef } from "@/lib/domain/trace";
import { plural, worst } from "@/lib/analysis/status";
import type { Check, CheckId, CheckStatus, Observed, TraceSample, WorkflowHealth } from "@/lib/analysis/types";
import type { DestinationNumbers, Figure, NumberRow } from "./number-row";
import { consumersText, figureText, NO_DATA } from "./number-text";

export interface FlowFigure {
  label: string;
  text: string;
  /** Nobody could read it: drawn as a gap, with the reason on hover. */
  gap?: string;
}

export interface FlowEdge {
  status: CheckStatus;
  /** Says the status in words, so it is not told by colour alone (WCAG 1.4.1): "broken: …". */
  statusText: string;
  figures: FlowFigure[];
}

export interface FlowConsumer {
  name: string;
  /** Attached but not declared by the workflow (a thief, a new integration). */
  undeclared: boolean;
  /** Unnamed consumers are counted, not named ("2 unnamed"). */
  unnamed?: boolean;
}

export interface FlowBranch {
  key: string;
  /** "queue order_confirmed.notification". */
  kindWord: string;
  name: string;
  /** The broker answered and does not have it. */
  missing: boolean;
  /** Entry (or producer) → destination: the publish rate into it. */
  into: FlowEdge;
  /** Destination → its consumers: backlog, oldest age, consumers attached, ack rate. */
  out: FlowEdge;
  /** Declared consumers and the undeclared attached; empty for a delay destination. */
  consumers: FlowConsumer[];
  /** Why the consumers could not be told apart, when they could not. */
  consumersUnknown?: string;
  /** A delay destination returns its messages here after its TTL instead of being consumed. */
  returnsTo?: string;
  /** Where failed messages go, when they go anywhere. */
  deadLetter?: { edge: FlowEdge; names: string[]; word: string };
}

export interface FlowStrip {
  producer: { name: string; note?: string };
  /** What the producer writes to, when the broker routes through something (RabbitMQ's exchange). */
  entry?: { word: string; name: string; from?: string };
  branches: FlowBranch[];
}

/** The consumer side's checks: any of them going bad means messages stop between destination and consumer. */
const CONSUMER_SIDE: readonly CheckId[] = [
  "consumers-alive",
  "acks-progressing",
  "throughput-balance",
  "backlog",
  "oldest-message-age",
  "redeliveries",
  "unexpected-consumers",
];
const DEAD_LETTER_SIDE: readonly CheckId[] = ["dead-letters"];

type Health = Pick<WorkflowHealth, "checks">;

function itemsFor(health: Health, ids: readonly CheckId[], name: string) {
  return health.checks
    .filter((check) => ids.includes(check.id))
    .flatMap((check) =>
      check.evidence.items
        .filter((item) => item.subject === name || item.subject.startsWith(`${name} → `))
        .map((item) => ({ check, item })),
    );
}

/** "broken: Consumers alive, Acks progressing" / "slow: Backlog" / "unknown: …" / "ok". */
function edge(health: Health, ids: readonly CheckId[], name: string, figures: FlowFigure[]): FlowEdge {
  const items = itemsFor(health, ids, name);
  // No check judged this edge: that is missing data, never "ok" (worst([]) would say ok).
  const status = items.length ? worst(items.map(({ item }) => item.status)) : "unknown";
  const named = (s: CheckStatus) => [
    ...new Set(items.filter(({ item }) => item.status === s).map(({ check }) => titleOf(check))),
  ];
  const statusText =
    status === "critical"
      ? `broken: ${named("critical").join(", ")}`
      : status === "warning"
        ? `at risk: ${named("warning").join(", ")}`
        : status === "unknown"
          ? items.length
            ? `unknown: ${named("unknown").join(", ")}`
            : "not judged"
          : "ok";
  return { status, statusText, figures };
}

function titleOf(check: Check): string {
  return check.title;
}

function fig(label: string, figure: Figure, unit: "count" | "age" | "ratio"): FlowFigure {
  return { label, text: figureText(figure, unit), ...(figure.kind === "gap" ? { gap: figure.reason } : {}) };
}

/** A count over the window as a rate: "2.3/s"; the throughput-balance check's own totals. */
function rate(
  label: string,
  health: Health,
  name: string,
  field: "published" | "acked",
  windowSeconds: number,
): FlowFigure {
  const item = health.checks.find((c) => c.id === "throughput-balance")?.evidence.items.find((i) => i.subject === name);
  const total = item?.values[field];
  // A delay destination is judged without counts ("drained by its TTL"): its text says why.
  if (!item || item.status === "unknown" || typeof total !== "number")
    return { label, text: NO_DATA, gap: item?.text ?? `throughput-balance did not judge ${name}` };
  const perSecond = total / windowSeconds;
  // The window's average, as the check counts it (a rate that reacts faster is the charts' job).
  return { label, text: `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s avg` };
}

function consumersOf(d: DestinationNumbers): Pick<FlowBranch, "consumers" | "consumersUnknown"> {
  const declared = d.declared.map((name): FlowConsumer => ({ name, undeclared: false }));
  if (!d.strangers.ok) return { consumers: declared, consumersUnknown: d.strangers.reason };
  return {
    consumers: [
      ...declared,
      ...d.strangers.names.map((name): FlowConsumer => ({ name, undeclared: true })),
      ...(d.strangers.anonymous
        ? [{ name: plural(d.strangers.anonymous, "unnamed consumer"), undeclared: true, unnamed: true }]
        : []),
    ],
  };
}

/**
 * What the producer's spans say they wrote to (OpenTelemetry's messaging.destination.name, or
 * the older messaging.destination), the most frequent first; undefined when no trace says.
 */
export function entryFromTraces(workflow: WorkflowConfig, traces: Observed<TraceSample>): string | undefined {
  if (!traces.ok || !workflow.producer) return undefined;
  const producer = workflow.producer;
  const counts = new Map<string, number>();
  for (const trace of traces.value.traces)
    for (const span of trace.spans) {
      if (!matchesRef(span, producer)) continue;
      const name =
        attributeText(span.attributes["messaging.destination"]) ??
        attributeText(span.attributes["messaging.destination.name"]);
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  const names = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  return names.length ? names.join(", ") : undefined;
}

export function flowStrip(
  workflow: WorkflowConfig,
  window: { fromMs: number; toMs: number },
  health: Health,
  numbers: NumberRow,
  traces: Observed<TraceSample>,
): FlowStrip {
  const words = workflow.vocabulary;
  const windowSeconds = Math.max(1, (window.toMs - window.fromMs) / 1000);
  const entryName = entryFromTraces(workflow, traces);
  const branches = numbers.destinations.map((d): FlowBranch => {
    const kindWord = words.destination;
    const publish = rate("publish", health, d.name, "published", windowSeconds);
    // Nothing judges this edge but its publish rate: a rate nobody could read is unknown, not ok.
    const into: FlowEdge = d.missing
      ? { status: "critical", statusText: `broken: no such ${kindWord}`, figures: [] }
      : publish.gap !== undefined
        ? { status: "unknown", statusText: "not judged", figures: [publish] }
        : { status: "ok", statusText: "ok", figures: [publish] };
    if (d.missing)
      return {
        key: d.key,
        kindWord,
        name: d.name,
        missing: true,
        into,
        out: { status: "unknown", statusText: `no such ${kindWord}`, figures: [] },
        consumers: [],
      };
    if (d.delayFor !== undefined)
      return {
        key: d.key,
        kindWord,
        name: d.name,
        missing: false,
        into,
        out: edge(health, CONSUMER_SIDE, d.name, [fig("waiting", d.backlog, "count")]),
        consumers: [],
        returnsTo: d.delayFor,
      };
    const out = edge(health, CONSUMER_SIDE, d.name, [
      {
        label: "consumers",
        text: consumersText(d.consumers, d.declared.length),
        ...(d.consumers.kind === "gap" ? { gap: d.consumers.reason } : {}),
      },
      fig("waiting", d.backlog, "count"),
      fig("oldest", d.oldestAgeSeconds, "age"),
      rate("ack", health, d.name, "acked", windowSeconds),
    ]);
    return {
      key: d.key,
      kindWord,
      name: d.name,
      missing: false,
      into,
      out,
      ...consumersOf(d),
      ...(d.dlqNames.length
        ? {
            deadLetter: {
              edge: edge(health, DEAD_LETTER_SIDE, d.name, [fig("waiting", d.dlqDepth, "count")]),
              names: d.dlqNames,
              word: words.deadLetter,
            },
          }
        : {}),
    };
  });
  return {
    producer: workflow.producer
      ? { name: workflow.producer.service }
      : { name: "producer", note: "no producer span configured" },
    ...(words.entry
      ? {
          entry: entryName
            ? { word: words.entry, name: entryName, from: "the producer's spans" }
            : { word: words.entry, name: NO_DATA, from: "no producer span in the trace sample names it" },
        }
      : {}),
    branches,
  };
}

/** "Queue order_confirmed.notification → notification-service: broken: Consumers alive": one branch in words. */
export function branchText(branch: FlowBranch): string {
  const who = branch.returnsTo
    ? `returns to ${branch.returnsTo}`
    : branch.consumers.map((c) => (c.undeclared ? `${c.name} (undeclared)` : c.name)).join(", ") ||
      "no consumer declared";
  return `${capitalise(branch.kindWord)} ${branch.name} → ${who}: ${branch.out.statusText}`;
}

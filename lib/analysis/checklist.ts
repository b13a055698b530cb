// The guided checklist: the debugging loop from DOMAIN.md (metrics → traces → logs → the async
// path), each step judged from the checks, with what it rules in or out and where to look next.
import type { WorkflowConfig } from "@/lib/config/schema";
import { searchUrl, traceUrl } from "@/lib/sources/jaeger/links";
import { worst } from "./status";
import type { Check, CheckId, CheckStatus, ChecklistLink, ChecklistStep } from "./types";

export interface LinkBases {
  /** Jaeger UI base (uiUrl or url); no trace links without it. */
  jaegerUi?: string;
  /** Prometheus base URL, for graph links. */
  prometheus?: string;
  /** RabbitMQ management UI base. */
  rabbitmq?: string;
}

export interface ChecklistInput {
  workflow: WorkflowConfig;
  checks: readonly Check[];
  window: { fromMs: number; toMs: number };
  links: LinkBases;
}

/** Fills a workflow's log link template ({traceId}, {from}, {to}, {fromMs}, {toMs}). */
export function fillLogLink(template: string, traceId: string, window: { fromMs: number; toMs: number }): string {
  const values: Record<string, string> = {
    traceId,
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
    fromMs: String(window.fromMs),
    toMs: String(window.toMs),
  };
  return template.replace(/\{(traceId|from|to|fromMs|toMs)\}/g, (_, key: string) => encodeURIComponent(values[key]!));
}

function pick(checks: readonly Check[], ids: readonly CheckId[]): Check[] {
  return ids.flatMap((id) => checks.filter((c) => c.id === id));
}

function stepStatus(checks: readonly Check[]): CheckStatus {
  return worst(checks.filter((c) => c.matters || c.status !== "unknown").map((c) => c.status));
}

const RULED_OUT: Partial<Record<CheckId, string>> = {
  "consumers-alive": "Every queue has a live consumer (no crash loop seen).",
  "acks-progressing": "Consumers are acking what is waiting.",
  "throughput-balance": "Acks keep up with publishes.",
  backlog: "No backlog is building (lag OK).",
  "oldest-message-age": "Nothing has waited longer than the limit.",
  "dead-letters": "No messages are being dead-lettered.",
  redeliveries: "No requeue storm.",
  "unexpected-consumers": "No undeclared consumer is taking messages (no misrouting).",
  "trace-completeness": "Traces reach every expected span.",
  "orphan-publishes": "Every publish was consumed.",
  "silent-drops": "No consumer acked a message and skipped its downstream work.",
  "clock-skew": "Span timestamps agree (durations and ordering can be trusted).",
};

function ruling(checks: readonly Check[]): { rulesIn: string[]; rulesOut: string[]; evidence: string[] } {
  const rulesIn: string[] = [];
  const rulesOut: string[] = [];
  const evidence: string[] = [];
  for (const c of checks) {
    if (c.status === "critical" || c.status === "warning") rulesIn.push(`${c.title}: ${c.summary}`);
    else if (c.status === "ok" && RULED_OUT[c.id]) rulesOut.push(RULED_OUT[c.id]!);
    evidence.push(`${c.title} — ${c.status}: ${c.status === "unknown" ? (c.reason ?? c.summary) : c.summary}`);
  }
  return { rulesIn, rulesOut, evidence };
}

function exampleTraceIds(checks: readonly Check[], max = 5): string[] {
  const bad = checks.filter((c) => c.status === "critical" || c.status === "warning");
  return [...new Set(bad.flatMap((c) => c.evidence.traceIds))].slice(0, max);
}

function promGraph(base: string, expr: string, window: { fromMs: number; toMs: number }): string {
  const rangeS = Math.max(60, Math.round((window.toMs - window.fromMs) / 1000));
  const params = new URLSearchParams({
    "g0.expr": expr,
    "g0.tab": "0",
    "g0.range_input": `${rangeS}s`,
    "g0.end_input": new Date(window.toMs).toISOString(),
  });
  return `${base.replace(/\/+$/, "")}/graph?${params.toString()}`;
}

export function buildChecklist(input: ChecklistInput): ChecklistStep[] {
  const { checks, workflow, window, links } = input;
  const queueNames = workflow.queues.map((q) => q.name);
  const queueRegex = queueNames.map((n) => n.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&")).join("|");

  // 1. Metrics
  const metricChecks = pick(checks, [
    "throughput-balance",
    "backlog",
    "acks-progressing",
    "oldest-message-age",
    "dead-letters",
    "redeliveries",
  ]);
  const metricRuling = ruling(metricChecks);
  const metricNext: ChecklistLink[] = [];
  if (links.prometheus) {
    metricNext.push({
      label: "Queue depth in Prometheus",
      url: promGraph(links.prometheus, `rabbitmq_queue_messages_ready{queue=~"${queueRegex}"}`, window),
    });
    metricNext.push({
      label: "Ack rate in Prometheus",
      url: promGraph(
        links.prometheus,
        `sum by (queue) (rate(rabbitmq_channel_messages_acked_total{queue=~"${queueRegex}"}[1m]))`,
        window,
      ),
    });
  }
  if (links.rabbitmq) {
    for (const q of workflow.queues)
      metricNext.push({
        label: `${q.name} in RabbitMQ`,
        url: `${links.rabbitmq.replace(/\/+$/, "")}/#/queues/${encodeURIComponent(q.vhost)}/${encodeURIComponent(q.name)}`,
      });
  }

  // 2. Traces
  const traceChecks = pick(checks, ["trace-completeness", "orphan-publishes", "silent-drops", "clock-skew"]);
  const traceRuling = ruling(traceChecks);
  const examples = exampleTraceIds(traceChecks);
  const traceNext: ChecklistLink[] = [];
  if (links.jaegerUi) {
    for (const id of examples)
      traceNext.push({ label: `Trace ${id.slice(0, 12)}… in Jaeger`, url: traceUrl(links.jaegerUi, id) });
    traceNext.push({
      label: `${workflow.producer.service} traces in Jaeger`,
      url: searchUrl(links.jaegerUi, {
        service: workflow.producer.service,
        operation: workflow.producer.span,
        start: new Date(window.fromMs),
        end: new Date(window.toMs),
        limit: 100,
      }),
    });
  }

  // 3. Logs
  const logNext: ChecklistLink[] = [];
  const logEvidence: string[] = [];
  let logStatus: CheckStatus = "ok";
  if (!workflow.logs) {
    logEvidence.push(
      "No logs.linkTemplate configured for this workflow: add one to jump from a trace id to its log lines.",
    );
    if (examples.length) logStatus = "unknown";
  } else if (examples.length) {
    for (const id of examples.slice(0, 3))
      logNext.push({
        label: `Logs for trace ${id.slice(0, 12)}…`,
        url: fillLogLink(workflow.logs.linkTemplate, id, window),
      });
    logEvidence.push(`${examples.length} suspicious trace${examples.length === 1 ? "" : "s"} to look up by trace id.`);
    logStatus = stepStatus(traceChecks.filter((c) => c.evidence.traceIds.some((id) => examples.includes(id))));
  } else {
    logEvidence.push("No suspicious trace to look up.");
  }

  // 4. Async path: produced? consumed? depth? consumer alive?
  const byId = (id: CheckId) => checks.find((c) => c.id === id);
  const tb = byId("throughput-balance");
  const published = tb?.evidence.items.reduce(
    (n, i) => n + (typeof i.values.published === "number" ? i.values.published : 0),
    0,
  );
  const answers: ChecklistStep["answers"] = [];
  const orphan = byId("orphan-publishes");
  const completeness = byId("trace-completeness");
  const producedStatus: CheckStatus = tb?.status === "unknown" && completeness?.status === "unknown" ? "unknown" : "ok";
  answers.push({
    question: "Produced?",
    answer:
      tb && tb.status !== "unknown"
        ? `${published ?? 0} messages published to the workflow queues in the window${published === 0 ? " — nothing is being produced: look upstream of the producer" : ""}.`
        : `Publish counts unknown (${tb?.reason ?? "no metrics"}).`,
    status: published === 0 ? "warning" : producedStatus,
  });
  const consumed = pick(checks, ["acks-progressing", "orphan-publishes", "silent-drops"]);
  answers.push({
    question: "Consumed?",
    answer: consumed
      .map((c) => `${c.title}: ${c.status === "unknown" ? `unknown (${c.reason ?? ""})` : c.summary}`)
      .join(" "),
    status: stepStatus(consumed),
  });
  const depth = pick(checks, ["backlog", "oldest-message-age", "dead-letters"]);
  answers.push({
    question: "Queue depth?",
    answer: depth.map((c) => `${c.title}: ${c.summary}`).join(" "),
    status: stepStatus(depth),
  });
  const alive = pick(checks, ["consumers-alive", "unexpected-consumers"]);
  answers.push({
    question: "Consumer alive (and the right one)?",
    answer: alive.map((c) => `${c.title}: ${c.summary}`).join(" "),
    status: stepStatus(alive),
  });
  const asyncChecks = pick(checks, [
    "throughput-balance",
    "acks-progressing",
    "orphan-publishes",
    "silent-drops",
    "backlog",
    "oldest-message-age",
    "dead-letters",
    "consumers-alive",
    "unexpected-consumers",
  ]);
  const asyncRuling = ruling(alive.concat(consumed));
  const asyncNext: ChecklistLink[] = [
    ...(orphan?.status === "critical" || orphan?.status === "warning" ? traceNext.slice(0, 2) : []),
    ...metricNext.filter((l) => l.label.endsWith("in RabbitMQ")),
  ];

  return [
    {
      id: "metrics",
      order: 1,
      title: "Metrics first: throughput, queue depth, acks, dead letters",
      status: stepStatus(metricChecks),
      checks: metricChecks.map((c) => c.id),
      answers: [],
      ...metricRuling,
      next: metricNext,
    },
    {
      id: "traces",
      order: 2,
      title: "Traces of the affected flow: missing spans, orphans, silent drops",
      status: stepStatus(traceChecks),
      checks: traceChecks.map((c) => c.id),
      answers: [],
      ...traceRuling,
      next: traceNext,
    },
    {
      id: "logs",
      order: 3,
      title: "Logs correlated by trace id",
      status: logStatus,
      checks: [],
      answers: [],
      evidence: logEvidence,
      rulesIn: [],
      rulesOut: ["Clean logs do not rule out an async failure: a crashed consumer or a silent drop writes nothing."],
      next: logNext,
    },
    {
      id: "async-path",
      order: 4,
      title: "The async path: produced? consumed? depth? consumer alive?",
      status: worst(answers.map((a) => a.status).concat(stepStatus(asyncChecks))),
      checks: asyncChecks.map((c) => c.id),
      answers,
      evidence: answers.map((a) => `${a.question} ${a.answer}`),
      rulesIn: asyncRuling.rulesIn,
      rulesOut: asyncRuling.rulesOut,
      next: asyncNext,
    },
  ];
}

// The guided checklist: the debugging loop from DOMAIN.md (metrics → traces → logs → the async
// path), each step judged from the checks, with what it rules in or out and where to look next.
// Where to look is said as NextStep intents; the view layer makes the links (lib/view/deep-links.ts).
import type { WorkflowConfig } from "@/lib/config/schema";
import { capitalise } from "@/lib/domain/destination";
import { plural, worst } from "./status";
import type { Check, CheckId, CheckStatus, ChecklistStep, NextStep } from "./types";

export interface ChecklistInput {
  workflow: WorkflowConfig;
  checks: readonly Check[];
}

function pick(checks: readonly Check[], ids: readonly CheckId[]): Check[] {
  return ids.flatMap((id) => checks.filter((c) => c.id === id));
}

function stepStatus(checks: readonly Check[]): CheckStatus {
  return worst(checks.filter((c) => c.matters || c.status !== "unknown").map((c) => c.status));
}

const RULED_OUT: Partial<Record<CheckId, string>> = {
  "consumers-alive": "Every workflow destination has a live consumer (no crash loop seen).",
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
  "log-findings": "No error burst and no silent service in the workflow's logs.",
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

/** The checklist of one evaluation; its `next` steps are intents (see NextStep). */
export function buildChecklist(input: ChecklistInput): Array<ChecklistStep<NextStep>> {
  const { checks, workflow } = input;
  const words = workflow.vocabulary;

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
  const metricNext: NextStep[] = [
    { kind: "metric", signal: "waiting" },
    { kind: "metric", signal: "acked" },
    ...workflow.destinations.map((d): NextStep => ({ kind: "destination", key: d.ref.key })),
  ];

  // 2. Traces
  const traceChecks = pick(checks, ["trace-completeness", "orphan-publishes", "silent-drops", "clock-skew"]);
  const traceRuling = ruling(traceChecks);
  const examples = exampleTraceIds(traceChecks);
  const traceNext: NextStep[] = [
    ...examples.map((traceId): NextStep => ({ kind: "trace", traceId })),
    { kind: "trace-search" },
  ];

  // 3. Logs: the log-findings check, and where to read the suspicious traces' lines.
  const logCheck = checks.find((c) => c.id === "log-findings");
  const logRuling = ruling(logCheck ? [logCheck] : []);
  const logTraceIds = [...new Set([...(logCheck?.evidence.traceIds ?? []), ...examples])].slice(0, 3);
  const logNext: NextStep[] = workflow.logs?.linkTemplate
    ? logTraceIds.map((traceId): NextStep => ({ kind: "logs", traceId }))
    : [];
  const logEvidence: string[] = [];
  let logStatus: CheckStatus;
  if (!logCheck || (logCheck.status === "unknown" && !logCheck.matters)) {
    logEvidence.push(
      `No log store read (${logCheck?.reason ?? "sources.logs is not configured"}). With one, this step shows the lines of the ${examples.length ? `${plural(examples.length, "suspicious trace")}` : "suspicious traces"} beside their spans, each service's error and warning counts, and the services that went silent.`,
    );
    logStatus = examples.length ? "unknown" : "ok";
  } else {
    logStatus = logCheck.status;
    const found = logCheck.evidence.items.filter((i) => i.status === "critical" || i.status === "warning");
    if (found.length) logEvidence.push(...found.map((i) => i.text));
    else
      logEvidence.push(
        logCheck.status === "unknown" ? `Cannot tell: ${logCheck.reason ?? logCheck.summary}` : logCheck.summary,
      );
  }

  // 4. Async path: produced? consumed? depth? consumer alive?
  const byId = (id: CheckId) => checks.find((c) => c.id === id);
  const tb = byId("throughput-balance");
  const answers: ChecklistStep["answers"] = [];
  const orphan = byId("orphan-publishes");
  answers.push(producedAnswer(tb, byId("trace-completeness"), words.destinations));
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
    question: `${capitalise(words.destination)} depth?`,
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
  const asyncNext: NextStep[] = [
    ...(orphan?.status === "critical" || orphan?.status === "warning" ? traceNext.slice(0, 2) : []),
    ...metricNext.filter((next) => next.kind === "destination"),
  ];

  return [
    {
      id: "metrics",
      order: 1,
      title: `Metrics first: throughput, ${words.destination} depth, acks, dead letters`,
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
      title: "Logs correlated by trace id: bursts, silences, the lines of the suspicious traces",
      status: logStatus,
      checks: logCheck && logCheck.matters ? ["log-findings"] : [],
      answers: [],
      evidence: logEvidence,
      rulesIn: logRuling.rulesIn,
      rulesOut: [
        ...logRuling.rulesOut,
        "Clean logs do not rule out an async failure: a crashed consumer or a silent drop writes nothing.",
      ],
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

/**
 * "Produced?" from the throughput check: the publishes counted over the window. A destination
 * whose count is unknown is said, never added as 0; "nothing produced" needs every count.
 */
function producedAnswer(
  tb: Check | undefined,
  completeness: Check | undefined,
  destinations: string,
): ChecklistStep["answers"][number] {
  const items = tb?.evidence.items ?? [];
  const counted = items.filter((i) => typeof i.values.published === "number");
  const uncounted = items.filter((i) => i.status === "unknown");
  const published = counted.reduce((n, i) => n + (i.values.published as number), 0);
  if (!tb || (tb.status === "unknown" && counted.length === 0)) {
    const bothUnknown = tb?.status === "unknown" && completeness?.status === "unknown";
    return {
      question: "Produced?",
      answer: `Publish counts unknown (${tb?.reason ?? "no metrics"}).`,
      status: bothUnknown || !tb ? "unknown" : "ok",
    };
  }
  if (uncounted.length > 0) {
    return {
      question: "Produced?",
      answer: `At least ${published} messages published to the workflow ${destinations} in the window; unknown for ${uncounted.map((i) => `${i.subject} (${i.text})`).join(", ")}.`,
      status: "unknown",
    };
  }
  return {
    question: "Produced?",
    answer: `${published} messages published to the workflow ${destinations} in the window${published === 0 ? " — nothing is being produced: look upstream of the producer" : ""}.`,
    status: published === 0 ? "warning" : "ok",
  };
}

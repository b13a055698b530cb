// A proposal as plain text: the flow in one line (producer → exchange → queue → consumers), as
// the script prints it and the /discover page lists it. (The flow-strip diagram is a separate
// component; this is the words.)
import type { ProposedDestination, UnexplainedQueue, WorkflowProposal } from "./types";

/** A confidence (0..1) as people read it: "83 %". */
export const percentText = (n: number) => `${Math.round(n * 100)} %`;

export function destinationText(d: ProposedDestination): string {
  if (d.role === "delay") return `${d.queue} (delay queue, no consumer)`;
  const consumers = d.consumers.map((c) => c.name).join(", ") || "no consumer";
  return `${d.queue} → ${consumers}`;
}

export function flowText(p: WorkflowProposal): string {
  // Only RabbitMQ publishes to an exchange; other brokers' producers name the topic or subject.
  const to = p.publishesTo
    ? p.broker !== "rabbitmq"
      ? p.publishesTo.exchange
      : p.publishesTo.exchange === ""
        ? "default exchange"
        : `exchange ${p.publishesTo.exchange}${p.publishesTo.routingKey ? ` (${p.publishesTo.routingKey})` : ""}`
    : "?";
  return `${p.producer.service} "${p.producer.span}" → ${to} → ${p.destinations.map(destinationText).join(" | ")}`;
}

/** Lines for a terminal: the flow, expected spans, and what was seen but not proposed. */
export function proposalSummary(p: WorkflowProposal): string[] {
  const expected = p.spans.filter((s) => s.expected);
  const offered = p.spans.filter((s) => !s.expected);
  const lines = [
    `${p.id}: ${p.name} (${p.traceCount} traces)`,
    `  flow: ${flowText(p)}`,
    `  expected spans (${expected.length}): ${expected.map((s) => `${s.service} ${s.span}`).join(", ")}`,
  ];
  if (offered.length > 0) {
    lines.push(`  seen, not proposed: ${offered.map((s) => `${s.service} ${s.span} (${s.whyNot})`).join("; ")}`);
  }
  for (const d of p.destinations) {
    for (const s of d.suspects) {
      lines.push(`  probably not part of the workflow: ${s.label} on ${d.queue} (${s.reasons.join("; ")})`);
    }
  }
  return lines;
}

/** A destination no traced producer explains, as listed: "rabbitmq / orders.audit", "kafka clicks". */
export function unexplainedName(q: UnexplainedQueue): string {
  return `${q.broker}${q.scope !== undefined ? ` ${q.scope}` : ""} ${q.name}`;
}

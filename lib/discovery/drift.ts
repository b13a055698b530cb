// Config drift: what discovery sees today that a configured workflow does not say. Not an
// alarm (the checks judge health); a note that the config was written for a system that has
// changed since: a new consumer on a workflow destination, a new span after a consumer, a
// declared destination no trace reaches any more. When it cannot be judged (no traces, no
// producer declared or seen), the report says why instead of answering "no drift".
import { isDeclared } from "@/lib/analysis/consumers";
import type { ConsumerMatcher } from "@/lib/config/consumers";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { ConsumerIdentity } from "@/lib/domain/destination";
import { topologyPlace } from "@/lib/sources/brokers";
import { discoverWorkflows } from "./propose";
import { spanKey } from "./traces";
import type { DiscoveryInput, ProposedConsumer, WorkflowProposal } from "./types";

export interface DriftItem {
  kind: "new-consumer" | "new-span" | "not-receiving";
  /** What it is about: a destination's name, or a span ("inventory-service stock.update"). */
  subject: string;
  /** What changed, in one sentence. */
  text: string;
  /** Why discovery says so ("processes … in 1000 of 1000 traces"). */
  evidence: string[];
}

/** Why drift cannot be judged for a workflow without a producer. */
export const NO_PRODUCER = "the workflow declares no producer, so discovery cannot tell which flow is it";

export interface DriftReport {
  items: DriftItem[];
  /** Set when drift could not be judged at all, with why (then `items` is empty). */
  notJudged?: string;
  /** Sources not read and what that leaves out (drift is then judged on the rest). */
  gaps: string[];
  /** What the config was compared with ("1000 traces of this flow"), when it was. */
  compared?: string;
}

/** The proposal whose producer is the workflow's (the same flow, discovered again). */
function sameFlow(
  producer: NonNullable<WorkflowConfig["producer"]>,
  proposals: WorkflowProposal[],
): WorkflowProposal | undefined {
  return proposals.find(
    (p) =>
      p.producer.service === producer.service &&
      p.producer.span === producer.span &&
      (producer.kind === undefined || p.producer.kind === producer.kind),
  );
}

/** The name discovery gives a declared destination: its queue, topic or stream, as its broker places it. */
export function destinationName(workflow: WorkflowConfig, destination: WorkflowConfig["destinations"][number]): string {
  return topologyPlace(workflow.broker, destination.ref).destination;
}

/** The identities a proposed consumer can be compared with: how the broker shows it, and its name. */
function identitiesOf(consumer: ProposedConsumer): ConsumerIdentity[] {
  return [
    ...(consumer.attachedAs ?? []).map((a) => ({ id: a.label, ...a })),
    { id: consumer.name, label: consumer.name, anonymous: false, attributes: {} },
  ];
}

/** A matcher that names no `name` (consumer_tag, client_id, host…) says nothing about a bare name. */
const needsIdentities = (matcher: ConsumerMatcher) => Object.keys(matcher).some((key) => key !== "name");

function driftItems(workflow: WorkflowConfig, proposal: WorkflowProposal, gaps: string[]): DriftItem[] {
  const items: DriftItem[] = [];
  for (const destination of workflow.destinations) {
    const name = destinationName(workflow, destination);
    // One topic or stream is one entry per group or consumer reading it (Kafka, JetStream, Redis):
    // a consumer declared on any entry of that name is declared. Each name is judged once.
    const sameName = workflow.destinations.filter((d) => destinationName(workflow, d) === name);
    if (sameName[0] !== destination) continue;
    const found = proposal.destinations.find((d) => d.queue === name);
    if (!found) {
      items.push({
        kind: "not-receiving",
        subject: name,
        text: `${name} is declared, but no trace of this flow reaches it any more`,
        evidence: [`none of the ${proposal.traceCount} traces of the flow publishes to it or consumes from it`],
      });
      continue;
    }
    const declared = sameName.flatMap((d) => d.consumers);
    for (const consumer of found.consumers) {
      if (identitiesOf(consumer).some((identity) => isDeclared(identity, declared))) continue;
      if (!consumer.attachedAs && declared.some(needsIdentities)) {
        gaps.push(
          `${consumer.name} consumes ${name} in traces, but no consumer the broker shows now could be linked to it by name, so it cannot be compared with consumers declared by ${[...new Set(declared.flatMap((m) => Object.keys(m)))].join(", ")}`,
        );
        continue;
      }
      items.push({
        kind: "new-consumer",
        subject: name,
        text: `${consumer.name} consumes ${name}, and the config does not declare it`,
        evidence: consumer.evidence,
      });
    }
    // Attached consumers no trace explains (a thief) are not drift: the unexpected-consumers check
    // names them, as findings; drift lists only what discovery would propose for the config.
  }
  const configured = new Set(
    workflow.expectedSpans.flatMap((s) => [spanKey(s), spanKey({ ...s, kind: s.kind ?? "internal" })]),
  );
  for (const span of proposal.spans) {
    if (!span.expected || configured.has(spanKey(span))) continue;
    items.push({
      kind: "new-span",
      subject: `${span.service} ${span.span}`,
      text: `${span.service} "${span.span}" is now part of the flow, and expectedSpans does not list it`,
      evidence: span.evidence,
    });
  }
  return items;
}

export function configDrift(workflow: WorkflowConfig, input: DiscoveryInput): DriftReport {
  const gaps = input.brokers.flatMap((b) =>
    b.topology.ok
      ? []
      : [`broker not read (${b.topology.reason}): who is attached now is unknown, consumers come from traces alone`],
  );
  if (!input.traces.ok) {
    return { items: [], gaps, notJudged: `traces not read (${input.traces.reason})` };
  }
  const producer = workflow.producer;
  if (!producer) {
    return { items: [], gaps, notJudged: NO_PRODUCER };
  }
  const traces = input.traces.value.traces.length;
  const proposal = sameFlow(producer, discoverWorkflows(input).proposals);
  if (!proposal) {
    return {
      items: [],
      gaps,
      notJudged: `none of the ${traces} traces read has the producer's span (${producer.service} "${producer.span}") publishing`,
    };
  }
  const items = driftItems(workflow, proposal, gaps);
  return { items, gaps, compared: `${proposal.traceCount} traces of this flow` };
}

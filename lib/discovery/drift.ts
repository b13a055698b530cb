// Config drift: what discovery sees today that a configured workflow does not say. Not an
// alarm (the checks judge health); a note that the config was written for a system that has
// changed since: a new consumer on a workflow queue, a new span after a consumer, a declared
// destination no trace reaches any more.
import { isDeclared } from "@/lib/analysis/consumers";
import type { WorkflowConfig } from "@/lib/config/schema";
import { discoverWorkflows } from "./propose";
import { spanKey } from "./traces";
import type { DiscoveryInput, WorkflowProposal } from "./types";

export interface DriftItem {
  kind: "new-consumer" | "new-span" | "not-receiving";
  /** One sentence with its evidence. */
  text: string;
}

/** The proposal whose producer is the workflow's (the same flow, discovered again). */
function sameFlow(workflow: WorkflowConfig, proposals: WorkflowProposal[]): WorkflowProposal | undefined {
  const producer = workflow.producer;
  if (!producer) return undefined;
  return proposals.find(
    (p) =>
      p.producer.service === producer.service &&
      p.producer.span === producer.span &&
      (producer.kind === undefined || p.producer.kind === producer.kind),
  );
}

export function configDrift(workflow: WorkflowConfig, input: DiscoveryInput): DriftItem[] {
  const proposal = sameFlow(workflow, discoverWorkflows(input).proposals);
  if (!proposal) return [];
  const items: DriftItem[] = [];
  for (const destination of workflow.destinations) {
    const queue = destination.ref.identity.queue ?? destination.ref.name;
    const found = proposal.destinations.find((d) => d.queue === queue);
    if (!found) {
      items.push({
        kind: "not-receiving",
        text: `${queue}: no trace of the ${proposal.traceCount} read reaches it any more (declared, not seen)`,
      });
      continue;
    }
    for (const consumer of found.consumers) {
      const asIdentity = { id: consumer.name, label: consumer.name, anonymous: false, attributes: {} };
      if (!isDeclared(asIdentity, destination.consumers)) {
        items.push({
          kind: "new-consumer",
          text: `${queue}: ${consumer.name} consumes it (${consumer.evidence.join("; ")})`,
        });
      }
    }
  }
  const configured = new Set(
    workflow.expectedSpans.flatMap((s) => [spanKey(s), spanKey({ ...s, kind: s.kind ?? "internal" })]),
  );
  for (const span of proposal.spans) {
    if (!span.expected || configured.has(spanKey(span))) continue;
    items.push({ kind: "new-span", text: `${span.service} "${span.span}" (${span.evidence.join("; ")})` });
  }
  return items;
}

// A proposal drawn as its workflow page will draw it (lib/view/flow-strip.ts): producer →
// exchange → each destination → its consumers, with the dead-letter route, so a person judges
// the proposal on the picture they will see once it is accepted. Nothing is judged yet, so every
// edge is neutral ("ok" tone, no status words) and carries the evidence's confidence instead of
// rates. Consumers that look like no part of the workflow are drawn as undeclared: they are
// offered apart, never declared. Pure.
import type { BrokerVocabulary } from "@/lib/domain/destination";
import type { FlowBranch, FlowEdge, FlowStrip } from "@/lib/view/flow-strip";
import { percentText } from "./text";
import type { ProposedDestination, WorkflowProposal } from "./types";

/** The words used when the proposal's broker is not one Asyncscope knows (a recording from a newer version). */
const FALLBACK_WORDS: Pick<BrokerVocabulary, "destination" | "deadLetter"> = {
  destination: "destination",
  deadLetter: "dead-letter destination",
};

const neutral = (figures: FlowEdge["figures"]): FlowEdge => ({ status: "ok", statusText: "", figures });

function branch(d: ProposedDestination, words: Pick<BrokerVocabulary, "destination" | "deadLetter">): FlowBranch {
  const readers = d.readers.length > 0 ? ` (${d.readers.join(", ")})` : "";
  return {
    key: `${d.scope ?? ""}/${d.queue}`,
    kindWord: words.destination,
    name: `${d.queue}${readers}`,
    missing: false,
    into: neutral([{ label: "sure", text: percentText(d.confidence) }]),
    out: neutral(
      d.role === "delay"
        ? []
        : [
            { label: "consumers", text: String(d.consumers.length) },
            ...(d.suspects.length > 0 ? [{ label: "suspect", text: String(d.suspects.length) }] : []),
          ],
    ),
    consumers: [
      ...d.consumers.map((c) => ({ name: c.name, undeclared: false })),
      ...d.suspects.map((s) => ({ name: s.label, undeclared: true })),
    ],
    ...(d.role === "delay" ? { returnsTo: "where it came from, after its TTL" } : {}),
    ...(d.deadLetterQueues.length > 0
      ? { deadLetter: { edge: neutral([]), names: d.deadLetterQueues, word: words.deadLetter } }
      : {}),
  };
}

export function proposalFlow(p: WorkflowProposal, words?: BrokerVocabulary): FlowStrip {
  const named = words ?? FALLBACK_WORDS;
  const entryWord = words?.entry;
  return {
    producer: { name: p.producer.service, note: `span "${p.producer.span}", ${p.producer.evidence.join("; ")}` },
    ...(entryWord && p.publishesTo
      ? {
          entry: {
            word: entryWord,
            name: p.publishesTo.exchange === "" ? "(default)" : p.publishesTo.exchange,
            ...(p.publishesTo.routingKey ? { from: `routing key ${p.publishesTo.routingKey}` } : {}),
          },
        }
      : {}),
    branches: p.destinations.map((d) => branch(d, named)),
  };
}

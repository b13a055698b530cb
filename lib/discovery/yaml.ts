// Proposals → asyncscope.yaml text, commented with the evidence of each part, so the person
// accepting it sees why each line is there. Parts discovery does not propose (a client span, a
// consumer nobody explains) are written as comments: visible, never declared. Pure, so the
// script and the /discover page's download write the same file.
import { stringify } from "yaml";
import type { ProposedDestination, ProposedSpan, WorkflowProposal } from "./types";

/** Drop counters at least this sure are declared; the others are written as comments. */
export const DROP_COUNTER_CONFIDENCE = 0.5;

/** The sources the file names (URLs only; credentials become ${VAR} references). */
export interface SourcesForYaml {
  prometheus?: { url: string };
  jaeger?: { url: string };
  rabbitmq?: { managementUrl: string };
}

export interface YamlInput {
  proposals: WorkflowProposal[];
  /**
   * The URLs read, or the `sources:` section of the config they came from as written
   * (`${VAR}` references intact), which is then kept whole: its log store and credentials too.
   */
  sources: SourcesForYaml | { asWritten: unknown };
  /** A line saying where and when the proposals came from. */
  origin: string;
  /** Queues no traced producer explains (a count and the first few names, as a comment). */
  unexplained?: string[];
}

/** Every character a YAML reader (1.1 or 1.2) or an editor may take as the end of a line. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

/**
 * A YAML scalar on one line, quoted only when it must be. Names come from the broker and the
 * traces: one with a line break would become a block scalar (or, in a flow mapping, new keys), so
 * it is written as a double-quoted string with its breaks escaped (JSON's strings are YAML's).
 */
function scalar(value: string): string {
  if (LINE_BREAK.test(value))
    return JSON.stringify(value)
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029");
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * Text as `#` comment lines. Evidence and names come from the broker and the traces: every line
 * break in them starts a new comment line, never a line of YAML.
 */
function comment(text: string, indent: string): string[] {
  return text.split(LINE_BREAK).map((line) => `${indent}# ${line}`);
}

function spanRef(span: { service: string; span: string; kind?: string }): string {
  const kind = span.kind ? `, kind: ${scalar(span.kind)}` : "";
  return `{ service: ${scalar(span.service)}, span: ${scalar(span.span)}${kind} }`;
}

function spanLines(span: ProposedSpan): string[] {
  const why = span.evidence.join("; ");
  return span.expected
    ? [...comment(why, "      "), `      - ${spanRef(span)}`]
    : comment(`- ${spanRef(span)} # not proposed: ${span.whyNot ?? "low confidence"} (${why})`, "      ");
}

/**
 * One destination entry in its broker's config form (docs/configuration.md): a RabbitMQ queue;
 * for Kafka, JetStream and Redis one entry per group or consumer the proposed consumers read
 * through. With none known, the entry is written as a comment to complete: never a made-up name.
 */
function destinationEntry(broker: string, d: ProposedDestination, notes: string[]): string[] {
  const consumers = `[${d.consumers.map((c) => scalar(c.name)).join(", ")}]`;
  const indent = "      ";
  if (broker === "rabbitmq") {
    return [
      `${indent}- queue: ${scalar(d.queue)}`,
      `${indent}  vhost: ${scalar(d.scope ?? "/")}`,
      ...notes,
      `${indent}  consumers: ${consumers}`,
    ];
  }
  const form = (
    {
      kafka: { name: "topic", reader: "group" },
      nats: { name: "stream", reader: "consumer" },
      "redis-streams": { name: "stream", reader: "group" },
    } as Record<string, { name: string; reader: string }>
  )[broker];
  if (!form) return comment(`- ${scalar(d.queue)}: no config form known for broker ${broker}`, indent);
  if (d.readers.length === 0) {
    return [
      ...notes,
      ...comment(
        `- { ${form.name}: ${scalar(d.queue)}, ${form.reader}: ?, consumers: ${consumers} } # no attached ${form.reader} is explained by the traces: name it`,
        indent,
      ),
    ];
  }
  return d.readers.flatMap((reader) => {
    const lines = [
      `${indent}- ${form.name}: ${scalar(d.queue)}`,
      `${indent}  ${form.reader}: ${scalar(reader)}`,
      ...notes,
    ];
    // A JetStream entry's consumer is its reader; `consumers` lists other consumers allowed.
    lines.push(`${indent}  consumers: ${broker === "nats" ? "[]" : consumers}`);
    if (broker === "kafka" && d.deadLetterQueues.length > 0) {
      lines.push(`${indent}  deadLetterTopics: [${d.deadLetterQueues.map(scalar).join(", ")}]`);
    }
    if (broker === "redis-streams" && d.deadLetterQueues.length === 1) {
      lines.push(`${indent}  deadLetter: { stream: ${scalar(d.deadLetterQueues[0]!)} }`);
    }
    return lines;
  });
}

function workflowLines(p: WorkflowProposal): string[] {
  const lines = [
    ...comment(`${p.name} (from ${p.traceCount} traces)`, "  "),
    `  - id: ${scalar(p.id)}`,
    `    name: ${scalar(p.name)}`,
    `    description: ${scalar(p.description)}`,
    `    broker: ${scalar(p.broker)}`,
    ...comment(p.producer.evidence.join("; "), "    "),
    `    producer: ${spanRef(p.producer)}`,
    `    destinations:`,
  ];
  for (const d of p.destinations) {
    lines.push(...comment(`${d.evidence.join("; ")} (confidence ${d.confidence.toFixed(2)})`, "      "));
    const notes = d.consumers.flatMap((c) => comment(`${c.name}: ${c.evidence.join("; ")}`, "        "));
    if (d.role === "delay") notes.push("        # no consumer: the broker moves its messages on");
    lines.push(...destinationEntry(p.broker, d, notes));
    for (const s of d.suspects) {
      lines.push(
        ...comment(`probably not part of the workflow, not declared: ${s.label} (${s.reasons.join("; ")})`, "        "),
      );
    }
    if (d.deadLetterQueues.length > 0) {
      lines.push(
        ...comment(
          p.broker === "rabbitmq"
            ? `dead letters go to ${d.deadLetterQueues.join(", ")}: found from the broker, not declared`
            : p.broker === "nats"
              ? `dead letters: the max-deliveries advisories are kept in ${d.deadLetterQueues.join(", ")}; set sources.nats.deadLetters.advisoryStream to it`
              : `dead letters go to ${d.deadLetterQueues.join(", ")}: found from the broker by their names, declared above`,
          "        ",
        ),
      );
    }
    if (d.metrics && d.metrics.length === 0) {
      lines.push(
        "        # Prometheus has no series for this destination: its charts will be gaps (rabbitmq_prometheus per-object metrics?)",
      );
    }
  }
  lines.push("    expectedSpans:", ...p.spans.flatMap(spanLines));
  const counters = p.dropCounters;
  const listed = counters.some((c) => c.confidence >= DROP_COUNTER_CONFIDENCE);
  if (listed) lines.push("    dropCounters:");
  for (const c of counters) {
    const why = c.evidence.join("; ");
    if (c.confidence >= DROP_COUNTER_CONFIDENCE) lines.push(...comment(why, "      "), `      - ${scalar(c.name)}`);
    else if (listed) lines.push(...comment(`- ${scalar(c.name)} # not proposed: ${why}`, "      "));
    else lines.push(...comment(`dropCounters: [${scalar(c.name)}] # not proposed: ${why}`, "    "));
  }
  return lines;
}

function sourceLines(sources: YamlInput["sources"]): string[] {
  if ("asWritten" in sources) {
    return [
      "# As in the config the sources were read from.",
      ...stringify({ sources: sources.asWritten }, { lineWidth: 0 }).trimEnd().split("\n"),
    ];
  }
  const lines = ["sources:"];
  if (sources.prometheus) lines.push("  prometheus:", `    url: ${scalar(sources.prometheus.url)}`);
  if (sources.jaeger) lines.push("  jaeger:", `    url: ${scalar(sources.jaeger.url)}`);
  if (sources.rabbitmq) {
    lines.push(
      "  rabbitmq:",
      `    managementUrl: ${scalar(sources.rabbitmq.managementUrl)}`,
      "    # Credentials only through the environment (guest is RabbitMQ's local default).",
      "    username: ${RABBITMQ_USER:-guest}",
      "    password: ${RABBITMQ_PASSWORD:-guest}",
    );
  }
  if (lines.length === 1) lines[0] = "sources: {}";
  return lines;
}

export function proposalsYaml(input: YamlInput): string {
  const lines = [
    "# Asyncscope configuration proposed by discovery (npm run config:discover or the /discover page).",
    ...comment(input.origin, ""),
    "# Every part says why it is here; commented lines were seen but not proposed. Check them,",
    "# then edit freely: docs/configuration.md documents every field, docs/discovery.md the rules.",
    "version: 1",
    "",
    ...sourceLines(input.sources),
    "",
  ];
  if (input.proposals.length === 0) {
    lines.push("# No workflow proposed yet: the app opens on /discover until one is added.", "workflows: []");
  } else {
    lines.push("workflows:");
    for (const p of input.proposals) lines.push(...workflowLines(p), "");
  }
  if (input.unexplained && input.unexplained.length > 0) {
    const shown = input.unexplained.slice(0, 20);
    lines.push(
      `# Queues with no traced producer (${input.unexplained.length}), not in any workflow above:`,
      ...shown.flatMap((q) => comment(`  ${q}`, "")),
      ...(input.unexplained.length > shown.length ? [`#   … and ${input.unexplained.length - shown.length} more`] : []),
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

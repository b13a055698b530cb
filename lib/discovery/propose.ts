// Discovery's one entry point: sources' answers in, workflow proposals out. A proposal per
// entry point of the traces (the root span type) that publishes: its producer, the queues the
// published messages reach and who consumes them, and the spans a complete trace contains,
// each with a confidence and the evidence behind it. Queues no traced producer explains are
// listed apart; consumers nothing explains are flagged, never declared.
import { patternMatches } from "@/lib/domain/topology";
import { explainedHosts, explains, judgeConsumers, sameName, type TracedConsumer } from "./consumers";
import { proposalId, proposalName, uniqueIds } from "./naming";
import { destinationNamed, publishReaches } from "./routing";
import { spanKey, traceFlows, type ConsumeFlow, type EntryFlow, type PublishFlow } from "./traces";
import type {
  DiscoveryTopology,
  DiscoveryInput,
  DiscoveryResult,
  MetricsInventory,
  TopologyConsumer,
  TopologyDestination,
  ProposedDestination,
  ProposedDropCounter,
  ProposedSpan,
  UnexplainedQueue,
  WorkflowProposal,
} from "./types";

/** A span after a consumer is expected when it follows it in at least this share of traces. */
export const EXPECTED_AFTER_CONSUMER = 0.5;
/** A consumer span seen in fewer of the flow's traces than this is offered, not expected. */
export const MIN_CONSUMER_SHARE = 0.05;

/** The metrics inventory's key: RabbitMQ's vhost/queue labels (the only per-destination series it reads today). */
const seriesKey = (scope: string | undefined, name: string) => `${scope ?? "/"}/${name}`;
const pct = (n: number) => `${Math.round(n * 100)} %`;

interface Context {
  input: DiscoveryInput;
  /** The broker proposals are made for (`broker:`), read or not. */
  broker: string;
  topology: DiscoveryTopology | undefined;
  metrics: MetricsInventory | undefined;
  tracesRead: boolean;
  queuesByName: Map<string, TopologyDestination>;
}

function upstreamProducer(flow: EntryFlow): PublishFlow | undefined {
  let best: PublishFlow | undefined;
  for (const publish of flow.publishes.values()) {
    if (publish.afterConsumer) continue;
    if (!best || publish.traces > best.traces) best = publish;
  }
  return best;
}

/**
 * The consumers attached to a destination that may read this flow's messages: a consumer that
 * reads only some subjects (a JetStream consumer's filters) and none the flow publishes to is
 * another flow's, neither this one's nor a suspect, unless the flow's own consumer spans show it
 * reading (they name its group).
 */
function readersOf(
  observed: TopologyDestination | undefined,
  flow: EntryFlow,
  traced: readonly TracedConsumer[],
): TopologyConsumer[] {
  const published = [...flow.publishes.values()].flatMap((p) => (p.target ? [p.target.exchange] : []));
  return (observed?.consumers ?? []).filter(
    (c) =>
      !c.subjects ||
      c.subjects.length === 0 ||
      published.length === 0 ||
      published.some((name) => c.subjects!.some((s) => patternMatches(s, name, "nats"))) ||
      // This flow's traces show it reading (a subject published under a span the traces lack).
      traced.some((t) => explains(t, c)),
  );
}

function destinationFor(
  ctx: Context,
  flow: EntryFlow,
  queue: string,
  role: ProposedDestination["role"],
  traced: TracedConsumer[],
  knownHosts: ReadonlySet<string>,
  why: string[],
  confidence: number,
): ProposedDestination {
  const observed = ctx.queuesByName.get(queue);
  const scope = observed?.scope;
  const judged =
    role === "delay"
      ? { consumers: [], suspects: [] }
      : judgeConsumers({
          queue,
          flowTraces: flow.traces,
          traced: ctx.tracesRead ? traced : undefined,
          attached: ctx.topology ? readersOf(observed, flow, traced) : undefined,
          knownHosts,
          nowMs: ctx.input.nowMs,
        });
  const evidence = [...why];
  if (ctx.topology && !observed) evidence.push("the broker has no such queue now");
  if (role === "delay" && observed?.returnsTo) {
    evidence.push(
      `a delay queue: its messages wait ${Math.round(observed.returnsTo.ttlMs / 1000)} s, then return to ${observed.returnsTo.destination} (needs no consumer)`,
    );
  }
  const deadLetterQueues =
    ctx.topology?.deadLetterRoutes
      .filter((r) => r.destination === queue && r.scope === scope)
      .flatMap((r) => r.targets) ?? [];
  // What the proposed consumers read through (a Kafka group…): from the attached consumers traces explain.
  const proposed = new Set(judged.consumers.map((c) => c.name));
  const readers = [
    ...new Set(
      (observed?.consumers ?? []).flatMap((c) =>
        c.via &&
        ([...proposed].some((name) => sameName(c.label, name)) ||
          traced.some((t) => proposed.has(t.service) && explains(t, c)))
          ? [c.via]
          : [],
      ),
    ),
  ];
  return {
    ...(scope !== undefined ? { scope } : {}),
    queue,
    readers,
    role,
    consumers: judged.consumers,
    suspects: judged.suspects,
    deadLetterQueues,
    metrics: ctx.metrics ? (ctx.metrics.queueSeries[seriesKey(scope, queue)] ?? []) : undefined,
    confidence: ctx.topology && !observed ? Math.min(confidence, 0.3) : confidence,
    evidence,
  };
}

function spanProposals(flow: EntryFlow, producer: PublishFlow, consumers: ConsumeFlow[]): ProposedSpan[] {
  const n = flow.traces;
  const spans: ProposedSpan[] = [];
  if (flow.entryKey !== spanKey(producer.ref)) {
    spans.push({ ...flow.entry, expected: true, confidence: 1, evidence: [`starts all ${n} traces of this flow`] });
  }
  const producerShare = producer.traces / n;
  spans.push({
    ...producer.ref,
    expected: true,
    confidence: producerShare,
    evidence: [`publishes in ${producer.traces} of ${n} traces`],
  });
  // Each consumer span is written with the spans that follow it right after it: the config reads
  // a consumer's downstream work as the entries after it up to the next consumer (silent-drops).
  const ordered = [...consumers].sort((a, b) => a.meanOffsetUs - b.meanOffsetUs);
  const seen = new Set([...spans, ...ordered.map((c) => c.ref)].map((s) => spanKey(s)));
  for (const c of ordered) {
    const share = c.traces / n;
    spans.push({
      ...c.ref,
      expected: share >= MIN_CONSUMER_SHARE,
      confidence: share,
      evidence: [`consumes ${c.queue ?? "a queue"} in ${c.traces} of ${n} traces`],
      ...(share < MIN_CONSUMER_SHARE ? { whyNot: `only in ${pct(share)} of the traces` } : {}),
    });
    const consumerName = `${c.ref.service} ${c.ref.span}`;
    for (const [key, f] of [...c.following].sort((a, b) => a[1].meanOffsetUs - b[1].meanOffsetUs)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const share = f.traces / c.traces;
      const evidence = [`follows ${consumerName} in ${f.traces} of the ${c.traces} traces that have it`];
      let whyNot: string | undefined;
      if (f.ref.kind === "client") {
        // A call out of the workflow (SMTP, a payment API): its presence says more about that
        // system than about the flow, so it is offered, not expected.
        whyNot = "a call to another system (kind client): tick it if a complete trace must contain it";
      } else if (f.ref.kind === "producer") {
        whyNot = `a publish after the consumer, in ${pct(share)} of its traces (a retry or the next step)`;
      } else if (share < EXPECTED_AFTER_CONSUMER) {
        whyNot = `follows the consumer in only ${pct(share)} of its traces`;
      }
      spans.push({
        ...f.ref,
        expected: whyNot === undefined,
        confidence: share,
        evidence,
        ...(whyNot ? { whyNot } : {}),
      });
    }
  }
  return spans;
}

function dropCountersFor(metrics: MetricsInventory | undefined, services: Set<string>): ProposedDropCounter[] {
  if (!metrics) return [];
  const named = metrics.dropCounters.some((c) => c.services.some((s) => services.has(s)));
  return metrics.dropCounters.map((counter) => {
    const ours = counter.services.filter((s) => services.has(s));
    if (ours.length > 0) {
      return {
        name: counter.name,
        confidence: 0.9,
        evidence: [`named like a drop counter; its series name ${ours.join(", ")}, services of this flow`],
      };
    }
    if (counter.services.length === 0) {
      // When another counter names this flow's services, a service-less one (the broker's own
      // unroutable count, say) is likelier someone else's.
      return {
        name: counter.name,
        confidence: named ? 0.3 : 0.5,
        evidence: [
          named
            ? "named like a drop counter, but its series name no service while another counter names this flow's"
            : "named like a drop counter; its series name no service, so it may count another workflow's drops",
        ],
      };
    }
    return {
      name: counter.name,
      confidence: 0.1,
      evidence: [`named like a drop counter, but its series name other services (${counter.services.join(", ")})`],
    };
  });
}

function proposalOf(ctx: Context, flow: EntryFlow): WorkflowProposal | undefined {
  const producer = upstreamProducer(flow);
  if (!producer) return undefined;
  const target = producer.target;

  // Queues the flow's consumer spans read (the traces), and those the producer's exchange routes to (the broker).
  const byQueue = new Map<string, ConsumeFlow[]>();
  for (const c of flow.consumers.values()) {
    if (!c.queue) continue;
    byQueue.set(c.queue, [...(byQueue.get(c.queue) ?? []), c]);
  }
  const routed = target && ctx.topology ? publishReaches(ctx.topology, target) : [];
  const dlqs = new Set(ctx.topology?.deadLetterRoutes.flatMap((r) => r.targets) ?? []);

  const tracedOf = (queue: string): TracedConsumer[] => {
    const services = new Map<string, TracedConsumer>();
    for (const c of byQueue.get(queue) ?? []) {
      const seen = services.get(c.ref.service);
      services.set(c.ref.service, {
        service: c.ref.service,
        traces: Math.max(seen?.traces ?? 0, c.traces),
        groups: [...new Set([...(seen?.groups ?? []), ...c.groups])],
      });
    }
    return [...services.values()];
  };
  const consumedQueues = [...new Set([...byQueue.keys(), ...routed])].filter((q) => !dlqs.has(q));
  const knownHosts = explainedHosts(
    consumedQueues.map((q) => ({ traced: tracedOf(q), attached: ctx.queuesByName.get(q)?.consumers })),
  );

  const destinations: ProposedDestination[] = [];
  for (const queue of consumedQueues) {
    const traced = tracedOf(queue);
    const seen = Math.max(0, ...traced.map((t) => t.traces));
    const why: string[] = [];
    if (seen > 0) why.push(`consumer spans read it in ${seen} of ${flow.traces} traces`);
    if (routed.includes(queue)) {
      why.push(
        ctx.topology?.routing
          ? `bound to exchange "${target!.exchange}" for key ${target!.routingKey ?? "(any)"}`
          : `the producer publishes to ${target!.exchange}`,
      );
    }
    const confidence = Math.max(routed.includes(queue) ? 0.8 : 0, seen / flow.traces);
    destinations.push(destinationFor(ctx, flow, queue, "consumed", traced, knownHosts, why, confidence));
  }

  // Publishes made after consuming (a retry, a next step): their queues belong to the flow too.
  for (const publish of flow.publishes.values()) {
    if (!publish.afterConsumer || !publish.target) continue;
    const queues = ctx.topology
      ? publishReaches(ctx.topology, publish.target)
      : publish.target.exchange === "" && publish.target.routingKey
        ? [publish.target.routingKey]
        : [];
    for (const queue of queues) {
      if (destinations.some((d) => d.queue === queue) || dlqs.has(queue)) continue;
      const observed = ctx.queuesByName.get(queue);
      const workflowQueues = new Set(destinations.map((d) => d.queue));
      const role = observed?.returnsTo && workflowQueues.has(observed.returnsTo.destination) ? "delay" : "consumed";
      const why = [
        `${publish.ref.service} publishes here after consuming, in ${publish.traces} of ${flow.traces} traces`,
      ];
      destinations.push(destinationFor(ctx, flow, queue, role, tracedOf(queue), knownHosts, why, 0.8));
    }
  }
  if (destinations.length === 0) return undefined;

  const consumers = [...flow.consumers.values()].filter(
    (c) => c.queue && destinations.some((d) => d.queue === c.queue),
  );
  const spans = spanProposals(flow, producer, consumers);
  const services = new Set(spans.map((s) => s.service));
  const consumerServices = [...new Set(destinations.flatMap((d) => d.consumers.map((c) => c.name)))];
  const id = proposalId(flow.entry, target);
  const where = target
    ? `exchange "${target.exchange || "(default)"}"${target.routingKey ? ` with key ${target.routingKey}` : ""}`
    : "a destination the span does not name";
  return {
    id,
    broker: ctx.broker,
    name: proposalName(id, producer.ref.service, consumerServices),
    description: `${flow.entry.service} "${flow.entry.span}" publishes to ${where}; ${
      consumerServices.length ? consumerServices.join(", ") : "no traced service"
    } consume${consumerServices.length === 1 ? "s" : ""} it. Proposed by discovery from ${flow.traces} traces.`,
    entry: flow.entry,
    producer: spans.find((s) => spanKey(s) === spanKey(producer.ref))!,
    ...(target ? { publishesTo: target } : {}),
    destinations,
    spans,
    dropCounters: dropCountersFor(ctx.metrics, services),
    traceCount: flow.traces,
  };
}

/** Proposals for one broker: its topology's destinations, or the traces alone when it was not read. */
function proposeFor(
  input: DiscoveryInput,
  broker: string,
  topology: DiscoveryTopology | undefined,
  metrics: MetricsInventory | undefined,
): { proposals: WorkflowProposal[]; unexplained: UnexplainedQueue[] } {
  const queuesByName = new Map<string, TopologyDestination>();
  for (const d of topology?.destinations ?? []) if (!queuesByName.has(d.name)) queuesByName.set(d.name, d);
  const ctx: Context = { input, broker, topology, metrics, tracesRead: input.traces.ok, queuesByName };

  const traces = input.traces.ok ? input.traces.value.traces : [];
  const flows = traceFlows(traces, topology ? (name) => destinationNamed(topology, name) : undefined);
  const proposals = flows.flatMap((flow) => proposalOf(ctx, flow) ?? []);

  const explained = new Set(proposals.flatMap((p) => p.destinations.flatMap((d) => [d.queue, ...d.deadLetterQueues])));
  const unexplained: UnexplainedQueue[] = (topology?.destinations ?? [])
    .filter((d) => !explained.has(d.name))
    .map((d) => ({
      broker,
      ...(d.scope !== undefined ? { scope: d.scope } : {}),
      name: d.name,
      consumers: (d.consumers ?? []).map((c) => c.label),
      why: input.traces.ok ? "no traced producer publishes here" : "traces not read",
    }));
  return { proposals, unexplained };
}

export function discoverWorkflows(input: DiscoveryInput): DiscoveryResult {
  const metrics = input.metrics.ok ? input.metrics.value : undefined;
  const read = input.brokers.flatMap((b) => (b.topology.ok ? [{ broker: b.broker, topology: b.topology.value }] : []));
  const gaps: string[] = [];
  if (input.brokers.length === 0) {
    gaps.push("no broker source configured: destinations and consumers come from traces alone, unconfirmed");
  }
  for (const b of input.brokers) {
    if (b.topology.ok) continue;
    gaps.push(
      `broker not read (${b.topology.reason}): its destinations and consumers come from traces alone, unconfirmed`,
    );
  }
  if (!input.traces.ok) {
    gaps.push(`traces not read (${input.traces.reason}): no producer, expected spans or workflow can be proposed`);
  }
  if (!input.metrics.ok) {
    gaps.push(
      `Prometheus not read (${input.metrics.reason}): which queues have series and the drop counters are unknown`,
    );
  }
  gaps.push(...read.flatMap((r) => r.topology.notes));

  // Each broker read proposes the flows whose destinations it has; with none read, the traces
  // alone propose for the first configured broker (RabbitMQ when none is).
  const runs =
    read.length > 0
      ? read.map((r) => proposeFor(input, r.broker, r.topology, metrics))
      : [proposeFor(input, input.brokers[0]?.broker ?? "rabbitmq", undefined, metrics)];
  const proposals = uniqueIds(runs.flatMap((r) => r.proposals));
  const unexplainedQueues = runs
    .flatMap((r) => r.unexplained)
    .sort(
      (a, b) =>
        a.broker.localeCompare(b.broker) ||
        (a.scope ?? "").localeCompare(b.scope ?? "") ||
        a.name.localeCompare(b.name),
    );
  const traces = input.traces.ok ? input.traces.value.traces : [];
  return {
    proposals,
    unexplainedQueues,
    gaps,
    read: {
      ...(input.traces.ok ? { traces: traces.length, tracesTruncated: input.traces.value.truncated } : {}),
      ...(read.length > 0 ? { queues: read.reduce((n, r) => n + r.topology.destinations.length, 0) } : {}),
    },
  };
}

// Who consumes a workflow destination: the services whose consumer spans read it (the traces) and the
// consumers attached to it now (the broker). Both agreeing is the strongest evidence. A consumer
// the broker shows and no trace explains is never declared: it is offered as "probably not part
// of the workflow" with the reasons (the stolen-messages incident is exactly such a consumer).
import { nameMatches } from "@/lib/analysis/consumers";
import type { TopologyConsumer, ProposedConsumer, SuspectConsumer } from "./types";

/**
 * Whether an attached consumer's name is a traced service's: as a config declares it
 * ("inventory-service" matches "inventory-service-7f9c"), or the other way round for brokers
 * whose consumers are named for their role (a JetStream consumer "notification" read by
 * "notification-service").
 */
export function sameName(label: string, service: string): boolean {
  return nameMatches(label, service) || nameMatches(service, label);
}

/** A connection younger than this, on a queue traces show older work on, is "seen only recently". */
export const RECENT_CONSUMER_MS = 15 * 60_000;

export interface TracedConsumer {
  service: string;
  /** Traces of the flow in which this service consumed the queue. */
  traces: number;
  /** The groups its consumer spans read in (messaging.consumer.group.name). */
  groups?: readonly string[];
}

/**
 * Whether an attached consumer is the traced service: by name, or attached through the group
 * the service's spans say they read in (a Redis consumer "invoicing-1" of group "invoicing", read
 * by "redis-invoicing-service" whose spans name the group).
 */
export function explains(traced: TracedConsumer, attached: TopologyConsumer): boolean {
  if (attached.anonymous) return false;
  if (sameName(attached.label, traced.service)) return true;
  return attached.via !== undefined && (traced.groups ?? []).includes(attached.via);
}

export interface ConsumerJudgement {
  consumers: ProposedConsumer[];
  suspects: SuspectConsumer[];
}

function attachedAs(consumers: readonly TopologyConsumer[]): Pick<ProposedConsumer, "attachedAs"> {
  if (consumers.length === 0) return {};
  return {
    attachedAs: consumers.map((c) => ({ label: c.label, anonymous: c.anonymous, attributes: c.attributes })),
  };
}

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return `${m} minute${m === 1 ? "" : "s"}`;
}

export function judgeConsumers(input: {
  queue: string;
  flowTraces: number;
  /** Undefined: traces were not read. */
  traced: TracedConsumer[] | undefined;
  /** Undefined: the broker was not read, or did not say. */
  attached: readonly TopologyConsumer[] | undefined;
  /** Hosts of the consumers traces explain on every destination of the flow. */
  knownHosts: ReadonlySet<string>;
  nowMs: number;
}): ConsumerJudgement {
  const { queue, flowTraces, traced, attached, knownHosts, nowMs } = input;
  const consumers: ProposedConsumer[] = [];
  const explained = new Set<TopologyConsumer>();

  for (const t of traced ?? []) {
    const matches = (attached ?? []).filter((c) => explains(t, c));
    matches.forEach((c) => explained.add(c));
    const share = flowTraces > 0 ? t.traces / flowTraces : 0;
    const evidence = [`processes ${queue} in ${t.traces} of ${flowTraces} traces`];
    let confidence = Math.max(0.5, share);
    if (matches.length > 0) {
      evidence.push(`attached now as ${[...new Set(matches.map((c) => c.label))].join(", ")}`);
      confidence = Math.max(0.9, share);
    } else if (attached) {
      evidence.push(
        "not attached now under that name (stopped, crash-looping, or its connection has another name: check before accepting)",
      );
      confidence = Math.min(confidence, 0.7);
    }
    consumers.push({ name: t.service, confidence, evidence, ...attachedAs(matches) });
  }

  const suspects: SuspectConsumer[] = [];
  for (const c of attached ?? []) {
    if (explained.has(c)) continue;
    const reasons: string[] = [];
    if (traced && flowTraces > 0) reasons.push(`no span of it in the ${flowTraces} traces of this flow`);
    if (c.connectedAtMs !== undefined && nowMs - c.connectedAtMs < RECENT_CONSUMER_MS) {
      reasons.push(`connected only ${minutes(nowMs - c.connectedAtMs)} ago`);
    }
    const host = c.host;
    if (host && knownHosts.size > 0 && !knownHosts.has(host)) {
      reasons.push(`attached from ${host}, while the workflow's consumers come from ${[...knownHosts].join(", ")}`);
    }
    if (c.anonymous) reasons.push("known only by a name the broker made up");
    if (reasons.length > 0) {
      suspects.push({ label: c.label, attributes: c.attributes, reasons });
    } else {
      // No traces to weigh it against, nothing odd about it: the broker's word alone.
      consumers.push({
        name: c.label,
        confidence: 0.6,
        evidence: [`attached to ${queue} now; no traces to confirm it belongs to the workflow`],
        ...attachedAs([c]),
      });
    }
  }
  return { consumers, suspects };
}

/** The hosts of attached consumers that traces explain: where the workflow's consumers run. */
export function explainedHosts(
  pairs: { traced: TracedConsumer[]; attached: readonly TopologyConsumer[] | undefined }[],
): Set<string> {
  const hosts = new Set<string>();
  for (const { traced, attached } of pairs) {
    for (const c of attached ?? []) {
      const host = c.host;
      if (host && traced.some((t) => explains(t, c))) hosts.add(host);
    }
  }
  return hosts;
}

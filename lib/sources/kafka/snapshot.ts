// A Kafka readout (schemas.ts) and the offsets sampled over the lag window (history.ts) → the
// neutral BrokerSnapshot. Pure: the live client and the recorded fixtures map the same way.
// Kafka's own facts the neutral model has no field for (group state, Burrow's verdict,
// unassigned partitions, undeclared groups) reach the analysis as the destination's warnings.
import type {
  BrokerSnapshot,
  ConsumerIdentity,
  DeadLetterRoute,
  DestinationConfig,
  DestinationState,
  OldestWaiting,
  Reading,
} from "@/lib/domain/destination";
import { declaredTopics, topicRef } from "./config";
import type { OffsetHistory } from "./history";
import { groupLagStatus, type GroupVerdict, type OffsetSample } from "./lag-window";
import { rebalancesSeen, STORM_REBALANCES, type MembershipHistory } from "./rebalance";
import type { KafkaGroup, KafkaMember, KafkaReadout } from "./schemas";

export const ADMIN_API = "Kafka admin API";

/** A client id the client library made up says nothing about the application. */
const GENERATED_CLIENT_ID = /^(consumer-.+-\d+|rdkafka|kafkajs|sarama|)$/;

export function memberIdentity(member: KafkaMember, group: string): ConsumerIdentity {
  const host = member.clientHost.replace(/^\//, "");
  const attributes: Record<string, string> = { memberId: member.memberId, group, host };
  if (member.clientId) attributes.clientId = member.clientId;
  if (member.groupInstanceId) attributes.groupInstanceId = member.groupInstanceId;
  const label = member.groupInstanceId ?? (member.clientId || member.memberId);
  return {
    id: member.memberId,
    label,
    anonymous: !member.groupInstanceId && GENERATED_CLIENT_ID.test(member.clientId),
    attributes,
    peer: host,
  };
}

const readsTopic = (member: KafkaMember, topic: string) =>
  member.assignments.some((a) => a.topic === topic && a.partitions.length > 0) ||
  member.subscribedTopics.includes(topic);

function assignedPartitions(group: KafkaGroup | undefined, topic: string): Set<number> {
  const out = new Set<number>();
  for (const m of group?.members ?? [])
    for (const a of m.assignments) if (a.topic === topic) for (const p of a.partitions) out.add(p);
  return out;
}

/**
 * The oldest waiting record's age, estimated (the admin API gives no record timestamps): per
 * partition with lag, lag ÷ the rate the committed offset moved over the window; where it did
 * not move, the first sample at the present offset (waiting at least since then). The oldest
 * partition's answer wins.
 */
export function estimateOldest(
  partitions: ReadonlyMap<number, readonly OffsetSample[]>,
): { publishedAtMs: number; method: string } | undefined {
  let oldest: { publishedAtMs: number; method: string } | undefined;
  for (const samples of partitions.values()) {
    const committed = samples.filter((s) => s.committed >= 0);
    const last = committed[committed.length - 1];
    if (!last || last.logEnd - last.committed <= 0) continue;
    const lag = last.logEnd - last.committed;
    const first = committed[0]!;
    const spanS = (last.atMs - first.atMs) / 1000;
    const rate = spanS > 0 ? (last.committed - first.committed) / spanS : 0;
    let candidate: { publishedAtMs: number; method: string } | undefined;
    if (rate > 0) {
      candidate = {
        publishedAtMs: last.atMs - (lag / rate) * 1000,
        method: `estimated: lag ÷ consume rate over the last ${Math.round(spanS)} s`,
      };
    } else {
      const since = committed.find((s) => s.committed === last.committed && s.logEnd > s.committed);
      if (since)
        candidate = {
          publishedAtMs: since.atMs,
          method: "estimated: waiting at least since the committed offset was first seen unmoved",
        };
    }
    if (candidate && (!oldest || candidate.publishedAtMs < oldest.publishedAtMs)) oldest = candidate;
  }
  return oldest;
}

function verdictWarnings(verdict: GroupVerdict, members: number, judgedOn: string): string[] {
  const out: string[] = [];
  if (verdict.status && verdict.status !== "OK") {
    const bad = verdict.partitions.filter((p) => p.status && p.status !== "OK");
    out.push(
      `lag ${verdict.status} (Burrow's window rules on ${judgedOn}): ${bad.map((p) => `partition ${p.partition} ${p.status}: ${p.reason}`).join("; ")}`,
    );
  }
  if (members > 0 && verdict.unassigned.length > 0)
    out.push(`partitions with no member assigned: ${verdict.unassigned.join(", ")}`);
  return out;
}

/** The verdict in a sentence: the partitions that are not OK, or that all are. */
function lagReason(verdict: GroupVerdict, judgedOn: string): string {
  const bad = verdict.partitions.filter((p) => p.status && p.status !== "OK");
  if (bad.length === 0) return `every judged partition caught up in the window (Burrow's window rules on ${judgedOn})`;
  return `Burrow's window rules on ${judgedOn}: ${bad.map((p) => `partition ${p.partition} ${p.status}: ${p.reason}`).join("; ")}`;
}

type TopicRead = KafkaReadout["topics"][number];

/** Every partition either offset list names, so one missing from the log-end list is seen. */
function partitionsOf(read: TopicRead): number[] {
  return [...new Set([...read.logStart, ...read.logEnd].map((o) => o.partition))].sort((a, b) => a - b);
}

/** The log-end offset; undefined when not read (missing, or −1: ListOffsets gave none). */
function logEndOf(read: TopicRead, partition: number): number | undefined {
  const offset = read.logEnd.find((e) => e.partition === partition)?.offset;
  return offset === undefined || offset < 0 ? undefined : offset;
}

/**
 * The partitions whose newest sample is from this readout. A group that expired or vanished
 * gets no new samples (read.ts fetches offsets only for listed groups), yet its old ones stay
 * in the history: judged, they would give a verdict from the past stamped as now.
 */
function sampledNow(partitions: ReadonlyMap<number, OffsetSample[]>, atMs: number): Map<number, OffsetSample[]> {
  const out = new Map<number, OffsetSample[]>();
  for (const [partition, samples] of partitions)
    if (samples[samples.length - 1]?.atMs === atMs) out.set(partition, samples);
  return out;
}

/** The offsets read by this server, kept in its memory over the window (history.ts). */
export const MEMORY_HISTORY = "the offsets this server read";

/** Offsets over the window from Prometheus (prometheus-history.ts), judged in preference to memory. */
export interface PrometheusOffsets {
  history: OffsetHistory;
  /** "kafka_exporter series in Prometheus". */
  from: string;
  /** A partition whose newest sample is older than this before the readout is not judged from them. */
  staleMs: number;
}

/** Which history Burrow's rules judged a destination on, and what they said. */
export interface LagJudgement {
  from: string;
  status?: GroupVerdict["status"];
  partitions: number;
}

/** The partitions of a destination Prometheus has fresh samples of. */
function freshFromPrometheus(prom: PrometheusOffsets | undefined, key: string, atMs: number) {
  const out = new Map<number, OffsetSample[]>();
  for (const [partition, samples] of prom?.history.get(key) ?? []) {
    const last = samples[samples.length - 1];
    if (last && last.atMs >= atMs - prom!.staleMs) out.set(partition, samples);
  }
  return out;
}

function reading<T>(value: T, atMs: number): Reading<T> {
  return { value, atMs, from: ADMIN_API };
}

function destinationState(
  d: DestinationConfig,
  readout: KafkaReadout,
  history: OffsetHistory,
  windowMs: number,
  declaredGroupsOfTopic: ReadonlySet<string>,
  membership: MembershipHistory,
  lag: { prometheus?: PrometheusOffsets; judgements?: Map<string, LagJudgement> },
): DestinationState {
  const topic = d.ref.identity.topic!;
  const groupId = d.ref.identity.group!;
  const at = readout.atMs;
  const topicRead = readout.topics.find((t) => t.topic === topic);
  if (!topicRead?.exists) return { ref: d.ref, exists: false, warnings: [] };
  const group = readout.groups.find((g) => g.groupId === groupId && g.state !== "DEAD");
  const warnings: string[] = [];
  const committed = readout.committed.find((c) => c.group === groupId && c.topic === topic);
  const lags: number[] = [];
  const uncommitted: number[] = [];
  const endUnknown: number[] = [];
  for (const partition of partitionsOf(topicRead)) {
    const end = logEndOf(topicRead, partition);
    const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? -1;
    if (end === undefined) endUnknown.push(partition);
    else if (offset < 0) uncommitted.push(partition);
    else lags.push(Math.max(0, end - offset));
  }
  const state: DestinationState = { ref: d.ref, exists: true, warnings };
  // A partition never committed, or whose log end is unknown, has no lag to add: the sum
  // covers the others, and says so.
  if (endUnknown.length > 0)
    warnings.push(
      `topic ${topic}: log-end offset unknown on partitions ${endUnknown.join(", ")}: their lag is unknown`,
    );
  if (lags.length > 0)
    state.waiting = reading(
      lags.reduce((a, b) => a + b, 0),
      at,
    );
  if (uncommitted.length > 0)
    warnings.push(`group ${groupId} has not committed on partitions ${uncommitted.join(", ")}: their lag is unknown`);
  const members = (group?.members ?? []).filter((m) => readsTopic(m, topic));
  state.consumerCount = reading(members.length, at);
  state.consumers = reading(
    members.map((m) => memberIdentity(m, groupId)),
    at,
  );
  if (!group) warnings.push(`consumer group ${groupId} does not exist on the cluster`);
  else if (group.state !== "STABLE") warnings.push(`consumer group ${groupId} is ${group.state}`);
  const groupSamples = membership.get(groupId) ?? [];
  const rebalances = rebalancesSeen(groupSamples);
  if (rebalances >= STORM_REBALANCES) {
    const seconds = Math.round((groupSamples[groupSamples.length - 1]!.atMs - groupSamples[0]!.atMs) / 1000);
    warnings.push(
      `rebalance storm: group ${groupId} rebalanced ${rebalances} times in ${seconds} s (members keep joining and leaving: a crash-looping consumer?)`,
    );
  }
  // Prometheus's history when it has fresh series of the destination (the exporter's, or the
  // sampler's: longer than this server's memory, and shared by every instance); else memory's.
  const fromPrometheus = freshFromPrometheus(lag.prometheus, d.ref.key, at);
  let partitions: Map<number, OffsetSample[]>;
  let judgedOn: string;
  if (fromPrometheus.size > 0) {
    partitions = fromPrometheus;
    judgedOn = lag.prometheus!.from;
    // Judged on Prometheus, a partition without a fresh series there is not judged: said, not dropped.
    // (Partitions never committed or with an unknown log end are said above: not twice.)
    const unjudged = partitionsOf(topicRead).filter(
      (p) => !fromPrometheus.has(p) && !uncommitted.includes(p) && !endUnknown.includes(p),
    );
    if (unjudged.length > 0)
      warnings.push(
        `group ${groupId}: ${judgedOn} has no offsets newer than ${Math.round(lag.prometheus!.staleMs / 1000)} s on partitions ${unjudged.join(", ")}: their lag window is not judged`,
      );
  } else {
    const recorded = history.get(d.ref.key) ?? new Map<number, OffsetSample[]>();
    partitions = sampledNow(recorded, at);
    judgedOn = MEMORY_HISTORY;
    if (recorded.size > partitions.size)
      warnings.push(
        `group ${groupId}: no offsets read now on partitions ${[...recorded.keys()].filter((p) => !partitions.has(p)).join(", ")}: their earlier samples are not judged`,
      );
  }
  if (partitions.size > 0) {
    const verdict = groupLagStatus(partitions, { assignedPartitions: assignedPartitions(group, topic), windowMs });
    warnings.push(...verdictWarnings(verdict, members.length, judgedOn));
    lag.judgements?.set(d.ref.key, {
      from: judgedOn,
      partitions: partitions.size,
      ...(verdict.status ? { status: verdict.status } : {}),
    });
    if (verdict.status)
      state.lagVerdict = reading({ status: verdict.status, reason: lagReason(verdict, judgedOn) }, at);
    const oldest = estimateOldest(partitions);
    if (oldest)
      state.oldestWaiting = reading<OldestWaiting>(
        { ...oldest, method: `${oldest.method} (${judgedOn})`, estimated: true },
        at,
      );
  }
  const others: ConsumerIdentity[] = [];
  for (const other of readout.groups) {
    if (other.state === "DEAD" || declaredGroupsOfTopic.has(other.groupId)) continue;
    const readers = other.members.filter((m) => readsTopic(m, topic));
    if (readers.length === 0) continue;
    others.push(...readers.map((m) => memberIdentity(m, other.groupId)));
    warnings.push(
      `undeclared consumer group ${other.groupId} reads topic ${topic} (${readers.map((m) => m.clientId || m.memberId).join(", ")})`,
    );
  }
  state.otherConsumers = reading(others, at);
  return state;
}

function deadLetterState(topic: string, readout: KafkaReadout): DestinationState {
  const read = readout.topics.find((t) => t.topic === topic);
  if (!read?.exists) return { ref: topicRef(topic), exists: false, warnings: [] };
  // Nobody is expected to consume a dead-letter topic: what waits there is what it retains.
  // A partition without both offsets is a gap (a start of 0 would count its whole log).
  const retained: number[] = [];
  const unknown: number[] = [];
  for (const partition of partitionsOf(read)) {
    const start = read.logStart.find((s) => s.partition === partition)?.offset;
    const end = logEndOf(read, partition);
    if (start === undefined || start < 0 || end === undefined) unknown.push(partition);
    else retained.push(Math.max(0, end - start));
  }
  const state: DestinationState = { ref: topicRef(topic), exists: true, warnings: [] };
  if (retained.length > 0)
    state.waiting = reading(
      retained.reduce((a, b) => a + b, 0),
      readout.atMs,
    );
  if (unknown.length > 0)
    state.warnings.push(
      `topic ${topic}: log-start or log-end offset unknown on partitions ${unknown.join(", ")}: their retained records are unknown`,
    );
  return state;
}

export function toKafkaSnapshot(
  declared: readonly DestinationConfig[],
  readout: KafkaReadout,
  history: OffsetHistory,
  windowMs: number,
  membership: MembershipHistory = new Map(),
  lag: { prometheus?: PrometheusOffsets; judgements?: Map<string, LagJudgement> } = {},
): BrokerSnapshot {
  const groupsOfTopic = new Map<string, Set<string>>();
  for (const d of declared) {
    const set = groupsOfTopic.get(d.ref.identity.topic!) ?? new Set<string>();
    set.add(d.ref.identity.group!);
    groupsOfTopic.set(d.ref.identity.topic!, set);
  }
  const destinations = declared.map((d) =>
    destinationState(d, readout, history, windowMs, groupsOfTopic.get(d.ref.identity.topic!)!, membership, lag),
  );
  const routes: DeadLetterRoute[] = [];
  const noRoute: string[] = [];
  const dlts = new Set<string>();
  for (const d of declared) {
    const { deadLetterTopics, retryTopics } = declaredTopics(d);
    if (deadLetterTopics.length === 0) {
      if (destinations.find((s) => s.ref.key === d.ref.key)?.exists) noRoute.push(d.ref.key);
      continue;
    }
    for (const t of deadLetterTopics) dlts.add(t);
    const retries = retryTopics.length > 0 ? `through retry topics ${retryTopics.join(", ")}, ` : "";
    routes.push({
      sourceKey: d.ref.key,
      via: `${retries}as the application is configured (Kafka has no dead-lettering of its own)`,
      targets: deadLetterTopics.map(topicRef),
    });
  }
  return {
    atMs: readout.atMs,
    from: ADMIN_API,
    destinations,
    deadLetterRoutes: routes,
    noDeadLetterRoute: noRoute,
    deadLetterStates: [...dlts].map((t) => deadLetterState(t, readout)),
    warnings: [],
  };
}

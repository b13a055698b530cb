// One readout of a Kafka cluster through the admin client (ListGroups, DescribeGroups,
// OffsetFetch, Metadata, ListOffsets), in the plain shape of schemas.ts. I/O only; the lab
// test records these readouts as fixtures (tests/fixtures/kafka/README.md).
import type { Admin } from "@platformatic/kafka";
import type { KafkaReadoutInput } from "./schemas";

/** ListOffsets' special timestamps: the log-end (next offset to be written) and log-start offsets. */
const LATEST = -1n;
const EARLIEST = -2n;

type PartitionOffsets = { partition: number; offset: string }[];

async function offsetsAt(admin: Admin, topics: { topic: string; partitions: number }[], timestamp: bigint) {
  if (topics.length === 0) return new Map<string, PartitionOffsets>();
  const listed = await admin.listOffsets({
    topics: topics.map((t) => ({
      name: t.topic,
      partitions: Array.from({ length: t.partitions }, (_, i) => ({ partitionIndex: i, timestamp })),
    })),
  });
  return new Map(
    listed.map((t) => [
      t.name,
      t.partitions.map((p) => ({ partition: p.partitionIndex, offset: p.offset.toString() })),
    ]),
  );
}

/** Every topic but the internal ones (__consumer_offsets…) and every group: what the sampler reads. */
export const WHOLE_CLUSTER = "whole-cluster";

export async function readCluster(
  admin: Admin,
  wanted: { topics: readonly string[]; groups: readonly string[] } | typeof WHOLE_CLUSTER,
  now: () => number = Date.now,
): Promise<KafkaReadoutInput> {
  const [existing, listedGroups] = await Promise.all([admin.listTopics(), admin.listGroups()]);
  // The whole cluster is what these two lists say: listed once, here.
  const want =
    wanted === WHOLE_CLUSTER
      ? { topics: existing.filter((t) => !t.startsWith("__")), groups: [...listedGroups.keys()] }
      : wanted;
  const topicsHere = [...new Set(want.topics)].filter((t) => existing.includes(t));
  const metadata = topicsHere.length > 0 ? await admin.metadata({ topics: topicsHere }) : undefined;
  const partitionCounts = topicsHere.map((topic) => ({
    topic,
    partitions: metadata?.topics.get(topic)?.partitionsCount ?? 0,
  }));
  const groupIds = [...listedGroups.keys()];
  const [described, logEnd, logStart] = await Promise.all([
    groupIds.length > 0 ? admin.describeGroups({ groups: groupIds }) : Promise.resolve(new Map()),
    offsetsAt(admin, partitionCounts, LATEST),
    offsetsAt(admin, partitionCounts, EARLIEST),
  ]);
  const atMs = now();
  // OffsetFetch only for declared groups the cluster has: Apache Kafka answers an unknown group
  // with no offsets, but kfake (the lab's broker) with GROUP_ID_NOT_FOUND, failing the call.
  const fetchable = [...new Set(want.groups)].filter((g) => listedGroups.has(g));
  const offsets = fetchable.length > 0 ? await admin.listConsumerGroupOffsets({ groups: fetchable }) : [];
  return {
    atMs,
    groups: [...described.values()].map((g) => ({
      groupId: g.id,
      state: g.state,
      protocolType: g.protocolType,
      members: [...g.members.values()].map((m) => ({
        memberId: m.id,
        clientId: m.clientId,
        clientHost: m.clientHost,
        groupInstanceId: m.groupInstanceId ?? null,
        assignments: [...(m.assignments?.values() ?? [])].map((a) => ({ topic: a.topic, partitions: a.partitions })),
        subscribedTopics: m.metadata?.topics ?? [],
      })),
    })),
    committed: offsets.flatMap((g) =>
      g.topics.map((t) => ({
        group: g.groupId,
        topic: t.name,
        partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, offset: p.committedOffset.toString() })),
      })),
    ),
    topics: [...new Set(want.topics)].map((topic) => ({
      topic,
      exists: topicsHere.includes(topic),
      logStart: logStart.get(topic) ?? [],
      logEnd: logEnd.get(topic) ?? [],
    })),
  };
}

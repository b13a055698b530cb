// Kafka's topology for discovery (BrokerAdapter.discoveryTopology): every topic, the members of
// every consumer group reading it (client id and host, through the group), and dead-letter
// topics found by the `<topic>.DLT` / `<topic>-dlt` convention (Spring Kafka, Kafka Connect).
// From the same admin readout the adapter's state() makes (read.ts), asked for every topic.
import type { DiscoveryTopology, TopologyConsumer, TopologyDeadLetterRoute } from "@/lib/domain/topology";
import type { KafkaMember, KafkaReadout } from "./schemas";

/** Kafka's own topics (`__consumer_offsets`, `__transaction_state`) are never a workflow's. */
const INTERNAL = /^__/;
const DEAD_LETTER_SUFFIXES = [".DLT", "-dlt", ".dlq", "-dlq"];

/** "/10.0.0.5" (Apache Kafka) or "127.0.0.1:55266" (kfake) → "10.0.0.5" / "127.0.0.1". */
export function memberHost(clientHost: string): string {
  return clientHost.replace(/^\//, "").replace(/:\d+$/, "");
}

function consumerOf(group: string, member: KafkaMember): TopologyConsumer {
  const host = memberHost(member.clientHost);
  return {
    label: member.clientId || member.memberId,
    // A member with no client id is known only by the member id the broker made up.
    anonymous: member.clientId === "",
    attributes: {
      clientId: member.clientId,
      memberId: member.memberId,
      group,
      ...(host ? { host } : {}),
      ...(member.groupInstanceId ? { groupInstanceId: member.groupInstanceId } : {}),
    },
    ...(host ? { host } : {}),
    via: group,
  };
}

export function kafkaDiscoveryTopology(readout: KafkaReadout): DiscoveryTopology {
  const topics = readout.topics.filter((t) => t.exists && !INTERNAL.test(t.topic)).map((t) => t.topic);
  const known = new Set(topics);
  const readers = new Map<string, TopologyConsumer[]>();
  for (const group of readout.groups) {
    for (const member of group.members) {
      const reads = new Set([...member.assignments.map((a) => a.topic), ...member.subscribedTopics]);
      for (const topic of reads) readers.set(topic, [...(readers.get(topic) ?? []), consumerOf(group.groupId, member)]);
    }
  }
  const deadLetterRoutes: TopologyDeadLetterRoute[] = topics.flatMap((topic) => {
    const targets = DEAD_LETTER_SUFFIXES.map((suffix) => `${topic}${suffix}`).filter((t) => known.has(t));
    return targets.length > 0
      ? [{ destination: topic, via: `the "<topic>.DLT" naming convention (${targets.join(", ")} exists)`, targets }]
      : [];
  });
  return {
    broker: "kafka",
    atMs: readout.atMs,
    destinations: topics.map((topic) => ({ name: topic, consumers: readers.get(topic) ?? [] })),
    deadLetterRoutes,
    notes: [],
  };
}

// What the Kafka adapter reads from the cluster in one go (a "readout"), as plain JSON: the
// client (client.ts) turns the admin client's answers into this shape, recordings hold it
// (tests/fixtures/kafka/, see their README), and snapshot.ts maps it. Quirks:
// - offsets are int64 on the wire; the admin client gives bigints, kept here as decimal
//   strings so a recording is JSON (parsed back to numbers below: lag arithmetic in doubles
//   is exact up to 2^53, far beyond any offset a topic reaches);
// - a committed offset of −1 means the group never committed on that partition;
// - group state names are the protocol's upper-case ones ("STABLE", "EMPTY", "DEAD",
//   "PREPARING_REBALANCE", "COMPLETING_REBALANCE"); a group the broker does not know is DEAD.
import { z } from "zod";

const offset = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform((v) => Number(v));

export const GROUP_STATES = ["STABLE", "PREPARING_REBALANCE", "COMPLETING_REBALANCE", "EMPTY", "DEAD"] as const;

const memberSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  /** "/10.0.0.5" on Apache Kafka, "127.0.0.1:55266" on kfake: the client's address as the broker saw it. */
  clientHost: z.string(),
  groupInstanceId: z.string().nullable(),
  /** Partitions the group leader assigned to this member, per topic (empty while rebalancing). */
  assignments: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
  /** Topics the member subscribed to (from its join metadata; empty when not decodable). */
  subscribedTopics: z.array(z.string()),
});

export const groupSchema = z.object({
  groupId: z.string(),
  state: z.enum(GROUP_STATES),
  protocolType: z.string(),
  members: z.array(memberSchema),
});

const partitionOffsets = z.array(z.object({ partition: z.number().int(), offset }));

export const readoutSchema = z.object({
  /** When the broker answered (ms since epoch). */
  atMs: z.number(),
  /** Every group the cluster has, as ListGroups + DescribeGroups describe them. */
  groups: z.array(groupSchema),
  /** Committed offsets of the declared groups, per topic (OffsetFetch). */
  committed: z.array(z.object({ group: z.string(), topic: z.string(), partitions: partitionOffsets })),
  /** Per topic read: partitions, log-start (earliest) and log-end (latest) offsets (Metadata + ListOffsets). */
  topics: z.array(
    z.object({
      topic: z.string(),
      exists: z.boolean(),
      logStart: partitionOffsets,
      logEnd: partitionOffsets,
    }),
  ),
});

export type KafkaGroup = z.output<typeof groupSchema>;
export type KafkaMember = KafkaGroup["members"][number];
export type KafkaReadout = z.output<typeof readoutSchema>;
export type KafkaReadoutInput = z.input<typeof readoutSchema>;

// Wire shapes of nats-server's monitoring endpoint /jsz?consumers=true&config=true (server/monitor.go
// JSInfo → AccountDetail → StreamDetail → ConsumerInfo). Only this folder sees them. Loose
// objects: each server release adds fields; we validate what we read.
import { z } from "zod";

// Quirk: times are RFC 3339 with nanoseconds; a time never set is Go's zero time
// "0001-01-01T00:00:00Z" (first_ts of an empty stream), and last_active is absent until used.
const time = z
  .string()
  .optional()
  .transform((v) => {
    if (v === undefined || v.startsWith("0001-01-01")) return undefined;
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  });

const sequencePair = z.object({ consumer_seq: z.number(), stream_seq: z.number(), last_active: time }).loose();

export const consumerConfigWireSchema = z
  .object({
    durable_name: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    deliver_subject: z.string().optional(),
    deliver_group: z.string().optional(),
    filter_subject: z.string().optional(),
    // Since 2.10; 2.9 only has filter_subject.
    filter_subjects: z.array(z.string()).optional(),
    ack_policy: z.string().optional(),
    max_deliver: z.number().optional(),
  })
  .loose();

export const consumerWireSchema = z
  .object({
    stream_name: z.string(),
    name: z.string(),
    created: time,
    // Absent without config=true.
    config: consumerConfigWireSchema.optional(),
    delivered: sequencePair,
    ack_floor: sequencePair,
    num_ack_pending: z.number(),
    num_redelivered: z.number(),
    num_waiting: z.number(),
    num_pending: z.number(),
    // Only on push consumers, and only while their deliver subject has interest.
    push_bound: z.boolean().optional(),
  })
  .loose();

export const streamWireSchema = z
  .object({
    name: z.string(),
    config: z
      .object({
        subjects: z.array(z.string()).optional(),
        retention: z.string().optional(),
      })
      .loose()
      .optional(),
    state: z
      .object({
        messages: z.number(),
        first_seq: z.number(),
        first_ts: time,
        last_seq: z.number(),
        last_ts: time,
        consumer_count: z.number(),
      })
      .loose(),
    // Absent when the stream has no consumers.
    consumer_detail: z.array(consumerWireSchema).optional(),
  })
  .loose();

export const jszWireSchema = z
  .object({
    server_id: z.string(),
    now: time,
    // True when the server runs without JetStream.
    disabled: z.boolean().optional(),
    config: z.object({}).loose().optional(),
    account_details: z
      .array(z.object({ name: z.string(), stream_detail: z.array(streamWireSchema).optional() }).loose())
      .optional(),
  })
  .loose();

export type JszWire = z.output<typeof jszWireSchema>;
export type StreamWire = z.output<typeof streamWireSchema>;
export type ConsumerWire = z.output<typeof consumerWireSchema>;

/** /varz, for the health probe: the server's version and name. */
export const varzWireSchema = z.object({ version: z.string(), server_name: z.string().optional() }).loose();

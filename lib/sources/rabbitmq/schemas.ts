// Wire shapes of the RabbitMQ management HTTP API. Only this folder sees them.
// Loose objects throughout: the API adds fields in every minor version and `columns=` removes
// them; we validate what we read and nothing else.
import { z } from "zod";

// Quirk: numbers the broker could not compute come as null, absent, or (in a few older
// versions) the empty string; all of them mean "unknown", never 0.
const num = z
  .union([z.number(), z.null(), z.literal("")])
  .optional()
  .transform((v) => (typeof v === "number" ? v : undefined));
const rateDetails = z.object({ rate: num }).loose().optional();

// Quirk: `message_stats` is ABSENT on idle queues and when stats collection is disabled;
// inside it, a counter appears only once it has counted something.
export const messageStatsSchema = z
  .object({
    publish: num,
    publish_details: rateDetails,
    deliver_get: num,
    deliver_get_details: rateDetails,
    ack: num,
    ack_details: rateDetails,
    redeliver: num,
    redeliver_details: rateDetails,
    publish_in_details: rateDetails,
    publish_out_details: rateDetails,
  })
  .loose();

// Quirk: an empty Erlang proplist serialises as [] instead of {} (effective_policy_definition
// on 3.8-era brokers, arguments on some). Both mean "nothing set".
const jsonObject = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown()).max(0)])
  .nullish()
  .transform((v): Record<string, unknown> => (v && !Array.isArray(v) ? v : {}));

export const channelDetailsSchema = z
  .object({
    connection_name: z.string().optional(),
    name: z.string().optional(),
    peer_host: z.string().optional(),
    peer_port: z.union([z.number(), z.string()]).optional(),
    user: z.string().optional(),
    node: z.string().optional(),
  })
  .loose();

export const consumerWireSchema = z
  .object({
    consumer_tag: z.string(),
    // Quirk: channel_details is [] (empty proplist) when the channel is already gone.
    channel_details: z.union([channelDetailsSchema, z.array(z.unknown()).max(0)]).optional(),
    queue: z.object({ name: z.string(), vhost: z.string() }).optional(),
    ack_required: z.boolean().optional(),
    prefetch_count: z.number().optional(),
    active: z.boolean().optional(),
    activity_status: z.string().optional(),
    exclusive: z.boolean().optional(),
  })
  .loose();

export const queueWireSchema = z
  .object({
    name: z.string(),
    vhost: z.string(),
    // Quirk: "" or missing on some brokers, odd values in the wild; kept raw and mapped.
    type: z.string().nullish(),
    state: z.string().optional(),
    durable: z.boolean().optional(),
    messages: num,
    messages_ready: num,
    messages_unacknowledged: num,
    consumers: num,
    consumer_utilisation: num,
    consumer_capacity: num,
    head_message_timestamp: num,
    policy: z.string().nullish(),
    arguments: jsonObject,
    effective_policy_definition: jsonObject,
    message_stats: messageStatsSchema.optional(),
    consumer_details: z.array(consumerWireSchema).optional(),
  })
  .loose();

export const queuesPageSchema = z.object({
  items: z.array(queueWireSchema),
  page: z.number(),
  page_size: z.number(),
  page_count: z.number(),
  filtered_count: z.number(),
  item_count: z.number().optional(),
  total_count: z.number(),
});

export const bindingWireSchema = z
  .object({
    source: z.string(),
    vhost: z.string(),
    destination: z.string(),
    destination_type: z.enum(["queue", "exchange"]),
    routing_key: z.string(),
    arguments: jsonObject,
  })
  .loose();

export const overviewWireSchema = z
  .object({
    product_name: z.string().optional(),
    product_version: z.string().optional(),
    rabbitmq_version: z.string().optional(),
    management_version: z.string().optional(),
    erlang_version: z.string().optional(),
    cluster_name: z.string().optional(),
    node: z.string().optional(),
    disable_stats: z.boolean().optional(),
    message_stats: messageStatsSchema.optional(),
    queue_totals: z
      .union([
        z.object({ messages: num, messages_ready: num, messages_unacknowledged: num }).loose(),
        z.array(z.unknown()).max(0),
      ])
      .optional(),
    object_totals: z.object({ queues: num, consumers: num, connections: num }).loose().optional(),
  })
  .loose();

export const connectionWireSchema = z
  .object({
    name: z.string(),
    user_provided_name: z.string().optional(),
    client_properties: z
      .object({
        connection_name: z.string().optional(),
        product: z.string().optional(),
        hostname: z.unknown().optional(),
      })
      .loose()
      .optional(),
    peer_host: z.string().optional(),
    peer_port: z.union([z.number(), z.string()]).optional(),
    user: z.string().optional(),
  })
  .loose();

export const alarmsWireSchema = z.object({ status: z.string(), reason: z.string().optional() }).loose();

export type QueueWire = z.output<typeof queueWireSchema>;
export type ConsumerWire = z.output<typeof consumerWireSchema>;
export type BindingWire = z.output<typeof bindingWireSchema>;
export type OverviewWire = z.output<typeof overviewWireSchema>;
export type ConnectionWire = z.output<typeof connectionWireSchema>;

// /jsz wire → JetStream's own shapes (model.ts). Pure; `atMs` comes from the caller.
import type { JsConsumer, JsStream, JszReading } from "./model";
import type { ConsumerWire, JszWire, StreamWire } from "./schemas";

export function toConsumer(wire: ConsumerWire): JsConsumer {
  const config = wire.config;
  const filters = config?.filter_subjects?.length
    ? config.filter_subjects
    : config?.filter_subject
      ? [config.filter_subject]
      : [];
  const consumer: JsConsumer = {
    stream: wire.stream_name,
    name: wire.name,
    // Without config=true the server does not say; a name alone is taken as durable.
    durable: config ? config.durable_name !== undefined && config.durable_name !== "" : true,
    kind: config?.deliver_subject ? "push" : "pull",
    filters,
    numPending: wire.num_pending,
    numAckPending: wire.num_ack_pending,
    numRedelivered: wire.num_redelivered,
    numWaiting: wire.num_waiting,
    deliveredStreamSeq: wire.delivered.stream_seq,
    ackFloorStreamSeq: wire.ack_floor.stream_seq,
  };
  if (config?.description) consumer.description = config.description;
  if (config?.deliver_group) consumer.deliverGroup = config.deliver_group;
  if (config?.max_deliver !== undefined) consumer.maxDeliver = config.max_deliver;
  // Quirk: push_bound is omitted (not false) while a push consumer has no subscriber.
  if (consumer.kind === "push") consumer.pushBound = wire.push_bound === true;
  if (wire.delivered.last_active !== undefined) consumer.deliveredLastActiveMs = wire.delivered.last_active;
  if (wire.ack_floor.last_active !== undefined) consumer.ackFloorLastActiveMs = wire.ack_floor.last_active;
  return consumer;
}

export function toStream(wire: StreamWire): JsStream {
  const stream: JsStream = {
    name: wire.name,
    subjects: wire.config?.subjects ?? [],
    messages: wire.state.messages,
    firstSeq: wire.state.first_seq,
    lastSeq: wire.state.last_seq,
    consumers: (wire.consumer_detail ?? []).map(toConsumer),
  };
  if (wire.config?.retention) stream.retention = wire.config.retention;
  if (wire.state.first_ts !== undefined && wire.state.messages > 0) stream.firstTsMs = wire.state.first_ts;
  return stream;
}

export function toJszReading(wire: JszWire, atMs: number): JszReading {
  const reading: JszReading = {
    streams: (wire.account_details ?? []).flatMap((a) => (a.stream_detail ?? []).map(toStream)),
    atMs,
    disabled: wire.disabled === true,
  };
  if (wire.now !== undefined) reading.serverNowMs = wire.now;
  return reading;
}

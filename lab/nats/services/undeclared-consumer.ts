// The nats-undeclared-consumer fault's process: a forgotten export job that added its own
// durable consumer to the analytics lane's stream, over the workflow's subject, and reads (and
// acks) every order. The workflow does not declare it. lab/nats/faults.ts deletes the consumer
// when the fault goes off, as a leftover durable would otherwise keep the stream's messages.
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { NATS_LANES, NATS_UNDECLARED_CONSUMER as U, natsUrls } from "../config";

const lane = NATS_LANES.analytics;
const nc = await connect({ servers: natsUrls.client, name: U.process });
const jsm = await jetstreamManager(nc);
await jsm.consumers.add(lane.stream, {
  durable_name: U.name,
  filter_subject: lane.subject,
  ack_policy: AckPolicy.Explicit,
});
const messages = await (await jetstream(nc).consumers.get(lane.stream, U.name)).consume({ max_messages: 10 });
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    void messages.close().then(() => nc.drain().then(() => process.exit(0)));
  });
console.log(`${U.process}: reading ${lane.stream} through ${U.name}`);
for await (const m of messages) m.ack();

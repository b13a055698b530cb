// The JetStream objects of the lab's checkout workflow, declared idempotently (adding a stream
// or consumer with the same config again is a no-op on the server): the order stream, the
// notification service's durable pull consumer, and the stream that keeps max-deliveries
// advisories so Asyncscope can count dead letters after the fact.
import { AckPolicy, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { NATS_LANES, NATS_TOPOLOGY as T, natsUrls } from "./config";

export async function withNats<R>(name: string, f: (nc: NatsConnection) => Promise<R>): Promise<R> {
  const nc = await connect({ servers: natsUrls.client, name });
  try {
    return await f(nc);
  } finally {
    await nc.drain();
  }
}

export async function ensureTopology(): Promise<void> {
  await withNats("lab-setup", async (nc) => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: T.stream,
      subjects: [...T.subjects],
      // Interest: a message leaves the stream once every consumer acked it, so the stream's first_ts
      // is the oldest message some consumer still waits for (what the adapter reads).
      retention: RetentionPolicy.Interest,
      storage: StorageType.File,
    });
    await jsm.streams.add({
      name: T.advisoryStream,
      subjects: [...T.advisorySubjects],
      storage: StorageType.File,
      max_age: nanos(7 * 24 * 3600 * 1000),
      // Asyncscope walks the advisories by subject with direct gets to name the stream sequences.
      allow_direct: true,
    });
    // One stream and durable consumer per fault lane (config.ts says why).
    for (const [consumer, lane] of Object.entries(NATS_LANES)) {
      await jsm.streams.add({
        name: lane.stream,
        subjects: [lane.subject],
        retention: RetentionPolicy.Interest,
        storage: StorageType.File,
      });
      const stalls = consumer === "shipping";
      const config = {
        durable_name: consumer,
        filter_subject: lane.subject,
        ack_policy: AckPolicy.Explicit,
        max_deliver: T.maxDeliver,
        // The stalled consumer holds its messages: a long ack wait keeps them from being redelivered
        // (and dead-lettered) while it hangs, as a hung call inside ack_wait does, and a small
        // max_ack_pending makes the server stop giving it more within seconds, so they wait.
        ack_wait: nanos(stalls ? 10 * 60_000 : T.ackWaitMs),
        max_ack_pending: stalls ? 10 : 100,
      };
      // A store from an older lab may hold the consumer with other settings: update it then.
      const existing = await jsm.consumers.info(lane.stream, consumer).catch((err: Error) => {
        if (/consumer not found/i.test(err.message)) return undefined;
        throw err;
      });
      if (existing) await jsm.consumers.update(lane.stream, consumer, config);
      else await jsm.consumers.add(lane.stream, config);
    }
    const c = T.consumers.notification;
    await jsm.consumers.add(T.stream, {
      durable_name: c.name,
      filter_subject: c.filter,
      ack_policy: AckPolicy.Explicit,
      max_deliver: T.maxDeliver,
      ack_wait: nanos(T.ackWaitMs),
    });
  });
}

/**
 * Empties the stream of max-deliveries advisories: the dead letters earlier faults left (it keeps
 * them 7 days, across lab restarts), which a test of the healthy lab must not count as its own.
 */
export async function purgeDeadLetterAdvisories(): Promise<void> {
  await withNats("lab-purge", async (nc) => {
    await (await jetstreamManager(nc)).streams.purge(T.advisoryStream);
  });
}

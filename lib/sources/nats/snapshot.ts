// JetStream's streams and consumers (from /jsz) and its max-deliveries advisories → the neutral
// BrokerSnapshot. Pure: recordings and the live server read the same way.
import type {
  BrokerSnapshot,
  ConsumerIdentity,
  DeadLetterRoute,
  DestinationConfig,
  DestinationRef,
  DestinationState,
  Reading,
} from "@/lib/domain/destination";
import type { JsConsumer, JsStream, JszReading } from "./model";
import { anyOverlap } from "./subjects";

export const MONITORING = "NATS monitoring endpoint (/jsz)";
export const JETSTREAM_API = "JetStream API";

/** What the advisory stream says about one consumer's dead letters (dead-letters.ts reads it). */
export interface ConsumerDeadLetters {
  /** Max-deliveries advisories kept for this consumer. */
  count: number;
  /** The stream sequences of the messages that hit max_deliver, newest last (the last few only). */
  streamSeqs: number[];
  /** Why the sequences could not be read, when they could not (the count still holds). */
  unnamed?: string;
}

export interface DeadLetterReading {
  advisoryStream: string;
  /** By destination key ("ORDERS/notification"). */
  byConsumer: ReadonlyMap<string, ConsumerDeadLetters>;
  atMs: number;
}

/** An advisory stream is configured but could not be read: the dead letters are unknown. */
export interface DeadLettersUnread {
  advisoryStream: string;
  /** Why (the JetStream API's error). */
  unread: string;
}

export interface SnapshotOptions {
  /** A pull consumer with no request waiting still counts as alive this long after its last delivery or ack. */
  activeWithinMs: number;
  /** Undefined when no advisory stream is configured. */
  deadLetters?: DeadLetterReading | DeadLettersUnread;
}

/** Where a consumer reads: its filters, else everything the stream holds. */
export function effectiveFilters(consumer: JsConsumer, stream: JsStream): string[] {
  return consumer.filters.length ? consumer.filters : stream.subjects;
}

/**
 * Whether anyone is reading through this consumer now: 1 or 0. JetStream does not say how many
 * clients share a consumer; num_waiting counts pull requests, and one client keeps several
 * waiting (the lab's one consumer keeps six), so it is a sign of life, not a head count.
 */
export function liveness(consumer: JsConsumer, atMs: number, activeWithinMs: number): number {
  if (consumer.kind === "push") return consumer.pushBound ? 1 : 0;
  if (consumer.numWaiting > 0) return 1;
  const lastActive = Math.max(consumer.deliveredLastActiveMs ?? -Infinity, consumer.ackFloorLastActiveMs ?? -Infinity);
  return atMs - lastActive <= activeWithinMs ? 1 : 0;
}

function identity(consumer: JsConsumer, stream: JsStream, alive: boolean): ConsumerIdentity {
  const attributes: Record<string, string> = {
    consumer: consumer.name,
    stream: consumer.stream,
    filterSubject: effectiveFilters(consumer, stream).join(","),
    kind: consumer.kind,
  };
  if (consumer.deliverGroup) attributes.deliverGroup = consumer.deliverGroup;
  if (consumer.description) attributes.description = consumer.description;
  return {
    id: consumer.name,
    label: consumer.name,
    anonymous: !consumer.durable,
    attributes,
    ackRequired: true,
    active: alive,
  };
}

function reading<T>(value: T, atMs: number, from = MONITORING): Reading<T> {
  return { value, atMs, from };
}

/** Retention under which the stream's first message is one some consumer has not acknowledged. */
const DRAINING_RETENTION = new Set(["interest", "workqueue"]);

function oldestWaiting(consumer: JsConsumer, stream: JsStream, atMs: number, warnings: string[]) {
  if (consumer.numPending + consumer.numAckPending === 0) return undefined; // nothing waits
  if (stream.firstTsMs === undefined) return undefined;
  if (!DRAINING_RETENTION.has(stream.retention ?? "limits")) {
    warnings.push(
      `stream ${stream.name} keeps acknowledged messages (retention ${stream.retention ?? "limits"}): its first_ts is not the oldest message ${consumer.name} waits for, so that age is not known`,
    );
    return undefined;
  }
  // With several consumers, first_ts is the oldest message ANY of them has not acknowledged: this
  // consumer's oldest may be younger, so the age is an upper bound, not a measurement.
  const shared = stream.consumers.length > 1;
  return reading(
    {
      publishedAtMs: stream.firstTsMs,
      estimated: shared,
      method: shared
        ? `estimated from the stream's first_ts (${stream.retention} retention): the stream's oldest unacknowledged message across its ${stream.consumers.length} consumers, so ${consumer.name}'s own oldest may be younger`
        : `from the stream's first_ts (${stream.retention} retention: the oldest message not yet acknowledged)`,
    },
    atMs,
  );
}

function destinationState(
  ref: DestinationRef,
  consumer: JsConsumer,
  stream: JsStream,
  atMs: number,
  activeWithinMs: number,
): DestinationState {
  const warnings: string[] = [];
  const filters = effectiveFilters(consumer, stream);
  // Every consumer of the stream that sees some of the same subjects, the declared one first.
  const readers = stream.consumers.filter(
    (c) => c.name === consumer.name || anyOverlap(effectiveFilters(c, stream), filters),
  );
  const state: DestinationState = {
    ref,
    exists: true,
    waiting: reading(consumer.numPending, atMs),
    inFlight: reading(consumer.numAckPending, atMs),
    consumerCount: reading(liveness(consumer, atMs, activeWithinMs), atMs),
    consumers: reading(
      readers.map((c) => identity(c, stream, liveness(c, atMs, activeWithinMs) > 0)),
      atMs,
    ),
    warnings,
  };
  const oldest = oldestWaiting(consumer, stream, atMs, warnings);
  if (oldest) state.oldestWaiting = oldest;
  if (consumer.numRedelivered > 0)
    warnings.push(`${consumer.numRedelivered} of its pending messages were delivered more than once`);
  if (consumer.maxDeliver === undefined || consumer.maxDeliver < 0)
    warnings.push(`max_deliver is unlimited: a message that always fails is redelivered forever, never a dead letter`);
  return state;
}

export function deadLetterRef(advisoryStream: string, source: DestinationRef): DestinationRef {
  const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${source.identity.stream}.${source.identity.consumer}`;
  return {
    key: `${advisoryStream}/${source.identity.stream}.${source.identity.consumer}`,
    name: `max deliveries of ${source.name}`,
    identity: { stream: advisoryStream, subject },
  };
}

export function toBrokerSnapshot(
  declared: readonly DestinationConfig[],
  read: JszReading,
  options: SnapshotOptions,
): BrokerSnapshot {
  const streams = new Map(read.streams.map((s) => [s.name, s]));
  const found = new Set<string>();
  const destinations = declared.map((d): DestinationState => {
    const stream = streams.get(d.ref.identity.stream!);
    const consumer = stream?.consumers.find((c) => c.name === d.ref.identity.consumer);
    if (!stream || !consumer) return { ref: d.ref, exists: false, warnings: [] };
    found.add(d.ref.key);
    return destinationState(d.ref, consumer, stream, read.atMs, options.activeWithinMs);
  });
  const present = declared.filter((d) => found.has(d.ref.key));
  const dl = options.deadLetters;
  const deadLetterRoutes: DeadLetterRoute[] = dl
    ? present.map((d) => ({
        sourceKey: d.ref.key,
        via: `max-deliveries advisories kept in stream "${dl.advisoryStream}"`,
        targets: [deadLetterRef(dl.advisoryStream, d.ref)],
      }))
    : [];
  const deadLetterStates: DestinationState[] = dl
    ? present.map((d) => {
        const ref = deadLetterRef(dl.advisoryStream, d.ref);
        // Unread: no count (a gap, not zero), and the reason beside it.
        if ("unread" in dl) return { ref, exists: true, warnings: [`dead letters unknown: ${dl.unread}`] };
        const seen = dl.byConsumer.get(d.ref.key) ?? { count: 0, streamSeqs: [] };
        return {
          ref,
          exists: true,
          waiting: reading(seen.count, dl.atMs, JETSTREAM_API),
          warnings: [
            ...(seen.streamSeqs.length
              ? [
                  `stream sequences in ${d.ref.identity.stream} that reached max_deliver: ${seen.streamSeqs.join(", ")}${seen.count > seen.streamSeqs.length ? ` (the first ${seen.streamSeqs.length} of ${seen.count})` : ""}`,
                ]
              : []),
            ...(seen.unnamed ? [seen.unnamed] : []),
          ],
        };
      })
    : [];
  return {
    atMs: read.atMs,
    from: MONITORING,
    destinations,
    deadLetterRoutes,
    noDeadLetterRoute: dl ? [] : present.map((d) => d.ref.key),
    deadLetterStates,
    warnings: [
      ...(read.disabled ? ["JetStream is disabled on this server"] : []),
      ...(dl && "unread" in dl
        ? [`dead letters in ${dl.advisoryStream} could not be read, so they are unknown (${dl.unread})`]
        : []),
    ],
  };
}

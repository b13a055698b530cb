// JetStream's topology for discovery (BrokerAdapter.discoveryTopology): every stream with its
// subjects, its consumers (durable name, filter subjects, deliver group), and the stream that
// keeps max-deliveries advisories (the dead letters a JetStream consumer gives up on). From
// the same /jsz readout the adapter's state() makes.
import type { DiscoveryTopology, TopologyConsumer } from "@/lib/domain/topology";
import type { JsConsumer, JsStream, JszReading } from "./model";

/** The advisory the server publishes when a message reaches a consumer's max_deliver. */
const MAX_DELIVERIES = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES";

/** A stream capturing max-deliveries advisories: the dead letters of the streams they name. */
function keepsAdvisories(stream: JsStream): boolean {
  return stream.subjects.some(
    (s) => s === `${MAX_DELIVERIES}.>` || s.startsWith(`${MAX_DELIVERIES}.`) || s === "$JS.EVENT.>",
  );
}

function consumerOf(c: JsConsumer): TopologyConsumer {
  return {
    label: c.name,
    // An ephemeral consumer's name is one the server made up.
    anonymous: !c.durable,
    attributes: {
      consumer: c.name,
      stream: c.stream,
      kind: c.kind,
      ...(c.filters.length > 0 ? { filterSubject: c.filters.join(" ") } : {}),
      ...(c.deliverGroup ? { deliverGroup: c.deliverGroup } : {}),
    },
    ...(c.filters.length > 0 ? { subjects: c.filters } : {}),
    via: c.name,
  };
}

export function natsDiscoveryTopology(reading: JszReading): DiscoveryTopology {
  const advisories = reading.streams.filter(keepsAdvisories).map((s) => s.name);
  const streams = reading.streams.filter((s) => !keepsAdvisories(s));
  return {
    broker: "nats",
    atMs: reading.atMs,
    destinations: [
      ...streams.map((s) => ({ name: s.name, subjects: s.subjects, consumers: s.consumers.map(consumerOf) })),
      ...advisories.map((name) => ({ name, consumers: [] })),
    ],
    deadLetterRoutes:
      advisories.length === 0
        ? []
        : streams.map((s) => ({
            destination: s.name,
            via: "max-deliveries advisories (a message stays in its stream; the advisory names it)",
            targets: advisories,
          })),
    notes: [],
  };
}

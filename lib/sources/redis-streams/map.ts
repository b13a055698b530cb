// Pure: Redis replies (schemas.ts) → this adapter's own shapes, the way the snapshot reads them.
import type { ConsumerWire, GroupWire, PendingEntryWire } from "./schemas";

/** The millisecond part of an entry id: when Redis (or the producer, for explicit ids) stamped it. */
export function entryIdMs(id: string): number {
  return Number(id.slice(0, id.indexOf("-")));
}

export interface GroupReading {
  stream: string;
  group: string;
  registeredConsumers: number;
  /** Delivered, not yet acknowledged (the PEL's length). */
  pending: number;
  lastDeliveredId: string;
  entriesRead: number | null;
  /** Entries not yet delivered to the group; null when Redis cannot count them (schemas.ts). */
  lag: number | null;
}

export function toGroupReading(stream: string, wire: GroupWire): GroupReading {
  return {
    stream,
    group: wire.name,
    registeredConsumers: wire.consumers,
    pending: wire.pending,
    lastDeliveredId: wire["last-delivered-id"],
    entriesRead: wire["entries-read"],
    lag: wire.lag,
  };
}

export interface ConsumerReading {
  name: string;
  pending: number;
  idleMs: number;
  inactiveMs?: number;
}

export function toConsumerReading(wire: ConsumerWire): ConsumerReading {
  return {
    name: wire.name,
    pending: wire.pending,
    idleMs: wire.idle,
    ...(wire.inactive !== undefined ? { inactiveMs: wire.inactive } : {}),
  };
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

export function toPendingEntry([id, consumer, idleMs, deliveries]: PendingEntryWire): PendingEntry {
  return { id, consumer, idleMs, deliveries };
}

/** XRANGE's answer for a start: the first entry's id, or undefined when there is none. */
export function firstEntryId(range: readonly [string, string[]][]): string | undefined {
  return range[0]?.[0];
}

/** The exclusive XRANGE start after `id` ("(id"), or the stream's start when the group has read nothing. */
export function afterId(id: string): string {
  return id === "0-0" ? "-" : `(${id}`;
}

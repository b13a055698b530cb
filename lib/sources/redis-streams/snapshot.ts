// Redis Streams readings → the neutral BrokerSnapshot. Pure, so recorded replies and the live
// server read the same way. A destination is a stream read by one consumer group:
//   waiting  = the group's lag (entries not yet delivered to it); absent, with a warning, when
//              Redis reports lag as nil (an entry was deleted or trimmed past the group's
//              position): a gap, never a zero;
//   inFlight = the group's pending entries (delivered, not acknowledged);
//   consumers = XINFO CONSUMERS, alive when recently given entries (idle) or nothing waits;
//   oldestWaiting = the millisecond time of the group's first undelivered entry id: measured.
// Dead letters, which Redis does not have: a configured dead-letter stream (its length), and/or
// the stuck pending entries delivered more than a configured count (XPENDING … IDLE).
import type {
  BrokerSnapshot,
  ConsumerIdentity,
  DeadLetterRoute,
  DestinationConfig,
  DestinationState,
  Reading,
} from "@/lib/domain/destination";
import { overLimitRef, streamRef, type RedisDestinationConfig } from "./config";
import { entryIdMs, type ConsumerReading, type GroupReading, type PendingEntry } from "./map";

export const REDIS_API = "Redis (XINFO)";

export interface GroupState {
  key: string;
  /** False when the stream key does not exist (or is not a stream). */
  streamExists: boolean;
  /** Absent when the stream exists but the group does not. */
  group?: GroupReading;
  consumers?: ConsumerReading[];
  /** The first entry after the group's last-delivered-id; null when there is none; undefined when not read. */
  firstUndeliveredId?: string | null;
  /** Pending entries idle longer than stuckAfter (XPENDING … IDLE), when the group had any pending. */
  stuck?: { entries: PendingEntry[]; capped: boolean };
}

export interface DeadLetterStreamState {
  stream: string;
  exists: boolean;
  length?: number;
  firstId?: string | null;
}

export interface RedisReadings {
  groups: readonly GroupState[];
  deadLetterStreams: readonly DeadLetterStreamState[];
  /** When Redis answered. */
  atMs: number;
}

export interface SnapshotOptions {
  consumerIdleAfterMs: number;
  stuckAfterMs: number;
}

function reading<T>(value: T, atMs: number): Reading<T> {
  return { value, atMs, from: REDIS_API };
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Redis 7.0's `idle` is the time since the consumer was last given entries (an empty blocking
 * XREADGROUP does not reset it; 7.2 resets it on every attempt). So with nothing to deliver it
 * says nothing about liveness, and a consumer counts as alive then; with entries waiting, a live
 * consumer takes them within its BLOCK, so an idle time past the limit means it is not reading.
 */
export function consumerIdentity(
  group: string,
  c: ConsumerReading,
  idleAfterMs: number,
  nothingWaiting: boolean,
): ConsumerIdentity {
  return {
    id: c.name,
    label: c.name,
    // Redis has no generated consumer names: the name is whatever the client passed to XREADGROUP.
    anonymous: false,
    attributes: { consumer: c.name, group },
    active: nothingWaiting || c.idleMs <= idleAfterMs,
  };
}

function groupState(declared: DestinationConfig, g: GroupState, at: number, opts: SnapshotOptions): DestinationState {
  const state: DestinationState = { ref: declared.ref, exists: g.streamExists && g.group !== undefined, warnings: [] };
  if (!g.streamExists || !g.group) {
    if (g.streamExists)
      state.warnings.push(`stream ${declared.ref.identity.stream} has no group ${declared.ref.identity.group}`);
    return state;
  }
  const group = g.group;
  if (group.lag === null)
    state.warnings.push(
      "Redis reports this group's lag as nil (an entry was deleted or trimmed past the group's position, or its entries-read is unknown): waiting is not known",
    );
  else state.waiting = reading(group.lag, at);
  state.inFlight = reading(group.pending, at);
  if (g.consumers) {
    // Nil lag is unknown, but with no entry after the group's position nothing waits either.
    const nothingWaiting = group.lag === 0 || (group.lag === null && g.firstUndeliveredId === null);
    const consumers = g.consumers.map((c) =>
      consumerIdentity(group.group, c, opts.consumerIdleAfterMs, nothingWaiting),
    );
    state.consumers = reading(consumers, at);
    state.consumerCount = reading(consumers.filter((c) => c.active).length, at);
    const idle = nothingWaiting ? [] : g.consumers.filter((c) => c.idleMs > opts.consumerIdleAfterMs);
    if (idle.length > 0)
      state.warnings.push(
        `${idle.length} of ${g.consumers.length} registered consumers have taken no entry for over ${seconds(opts.consumerIdleAfterMs)} and are not counted: ${idle.map((c) => `${c.name} (idle ${seconds(c.idleMs)}${c.pending ? `, ${c.pending} pending` : ""})`).join(", ")}`,
      );
  }
  if (g.firstUndeliveredId) {
    state.oldestWaiting = reading(
      {
        publishedAtMs: entryIdMs(g.firstUndeliveredId),
        estimated: false,
        method: `from the id of the group's first undelivered entry (${g.firstUndeliveredId})`,
      },
      at,
    );
  }
  if (g.stuck && g.stuck.entries.length > 0) {
    const worst = g.stuck.entries.reduce((a, b) => (b.deliveries > a.deliveries ? b : a));
    state.warnings.push(
      `${g.stuck.capped ? "at least " : ""}${g.stuck.entries.length} pending entries unacknowledged for over ${seconds(opts.stuckAfterMs)}; most delivered: ${worst.id} (${worst.deliveries} deliveries, held by ${worst.consumer})`,
    );
  }
  return state;
}

function overLimitState(
  d: RedisDestinationConfig,
  g: GroupState | undefined,
  max: number,
  at: number,
): DestinationState {
  const { stream, group } = d.ref.identity as { stream: string; group: string };
  const ref = overLimitRef(stream, group, max);
  const state: DestinationState = { ref, exists: g?.group !== undefined, warnings: [] };
  if (!g?.group) return state;
  // No pending entries: none can be over the limit (XPENDING was not needed to know it).
  if (g.group.pending === 0) {
    state.waiting = reading(0, at);
    return state;
  }
  if (!g.stuck) return state; // not read: a gap
  const dead = g.stuck.entries.filter((e) => e.deliveries > max);
  if (g.stuck.capped)
    state.warnings.push(
      `XPENDING was read up to its limit: at least ${dead.length} entries are over ${max} deliveries`,
    );
  state.waiting = reading(dead.length, at);
  const oldest = dead.map((e) => e.id).sort((a, b) => entryIdMs(a) - entryIdMs(b))[0];
  if (oldest)
    state.oldestWaiting = reading(
      { publishedAtMs: entryIdMs(oldest), estimated: false, method: `from the oldest dead entry's id (${oldest})` },
      at,
    );
  return state;
}

function deadLetterStreamState(s: DeadLetterStreamState, at: number): DestinationState {
  const state: DestinationState = { ref: streamRef(s.stream), exists: s.exists, warnings: [] };
  if (!s.exists) {
    // A dead-letter stream appears at its first XADD: not existing yet means nothing was dead-lettered.
    state.waiting = reading(0, at);
    return state;
  }
  if (s.length !== undefined) state.waiting = reading(s.length, at);
  if (s.firstId)
    state.oldestWaiting = reading(
      {
        publishedAtMs: entryIdMs(s.firstId),
        estimated: false,
        method: `from the id of its first entry (${s.firstId})`,
      },
      at,
    );
  return state;
}

export function toBrokerSnapshot(
  declared: readonly RedisDestinationConfig[],
  read: RedisReadings,
  opts: SnapshotOptions,
): BrokerSnapshot {
  const at = read.atMs;
  const byKey = new Map(read.groups.map((g) => [g.key, g]));
  const destinations = declared.map((d) => {
    const g = byKey.get(d.ref.key);
    return g ? groupState(d, g, at, opts) : { ref: d.ref, exists: false, warnings: [] };
  });
  const deadLetterRoutes: DeadLetterRoute[] = [];
  const deadLetterStates: DestinationState[] = [];
  for (const d of declared) {
    const dl = d.deadLetter;
    if (!dl) continue;
    const g = byKey.get(d.ref.key);
    const targets = [];
    const via: string[] = [];
    if (dl.stream !== undefined) {
      targets.push(streamRef(dl.stream));
      via.push(`the consumers' XADD to stream "${dl.stream}"`);
      const s = read.deadLetterStreams.find((x) => x.stream === dl.stream);
      if (s && !deadLetterStates.some((x) => x.ref.key === dl.stream))
        deadLetterStates.push(deadLetterStreamState(s, at));
    }
    if (dl.maxDeliveries !== undefined) {
      const state = overLimitState(d, g, dl.maxDeliveries, at);
      targets.push(state.ref);
      via.push(`pending entries delivered more than ${dl.maxDeliveries} times`);
      deadLetterStates.push(state);
    }
    deadLetterRoutes.push({ sourceKey: d.ref.key, via: via.join(" and "), targets });
  }
  return {
    atMs: at,
    from: REDIS_API,
    destinations,
    deadLetterRoutes,
    noDeadLetterRoute: declared.filter((d) => !d.deadLetter && byKey.get(d.ref.key)?.group).map((d) => d.ref.key),
    deadLetterStates,
    warnings: [],
  };
}

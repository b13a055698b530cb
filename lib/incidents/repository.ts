import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { IncidentSeverity, IncidentStatus, TimelineEventKind } from "@/lib/db/generated/enums";
import { Prisma } from "@/lib/db/generated/client";
import { missingReference } from "@/lib/db/errors";
import {
  lockSnapshotParts,
  prepareBundle,
  readStoredBundle,
  storeParts,
  type PreparedBundle,
} from "@/lib/evidence/snapshot-store";
import { assertAppPath } from "./app-path";
import { ConflictError, NotFoundError } from "./errors";
import { resolvedAtAfter } from "./lifecycle";
import { lockedQuotaCheck } from "./snapshot-quota";
import { unrecordedEvents } from "./timeline";

// Incidents, timelines, snapshots and share links in the database. Every function takes the
// Prisma client as an argument, so tests run the same code on PGlite and PostgreSQL.

export interface NewIncident {
  title: string;
  severity: IncidentSeverity;
  startedAt: Date;
  workflowIds: string[];
  createdBy?: string;
}

export async function createIncident(db: PrismaClient | Prisma.TransactionClient, input: NewIncident) {
  return db.incident.create({
    data: {
      title: input.title,
      severity: input.severity,
      startedAt: input.startedAt,
      workflowIds: input.workflowIds,
      createdBy: input.createdBy ?? null,
    },
  });
}

/** Ids are UUIDs; anything else cannot exist (and Postgres would reject it as a type error). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertId(entity: string, id: string): void {
  if (!UUID.test(id)) throw new NotFoundError(entity, id);
}

/**
 * Turns a foreign-key failure into NotFoundError for the row that was missing (the incident
 * of a note, the snapshot of a pin), naming its id; anything else is rethrown as it is.
 */
function rethrowMissing(error: unknown, ids: Record<string, string | null | undefined>): never {
  const missing = missingReference(error);
  if (missing) throw new NotFoundError(missing.entity, ids[missing.entity] ?? "(id not known)");
  throw error;
}

export async function getIncident(db: PrismaClient, id: string) {
  assertId("incident", id);
  const incident = await db.incident.findUnique({
    where: { id },
    include: {
      events: { orderBy: [{ at: "asc" }, { createdAt: "asc" }] },
      snapshots: {
        select: { id: true, workflowId: true, windowFrom: true, windowTo: true, takenAt: true, sizeBytes: true },
      },
    },
  });
  if (!incident) throw new NotFoundError("incident", id);
  return incident;
}

export interface IncidentPatch {
  title?: string;
  severity?: IncidentSeverity;
  status?: IncidentStatus;
  resolvedAt?: Date | null;
  workflowIds?: string[];
}

/**
 * Applies `patch` only if the stored version is still `expectedVersion`; otherwise throws
 * ConflictError with the version stored now. A status change also becomes a timeline event,
 * in the same transaction. resolvedAt follows the status (lifecycle.ts): stamped on
 * resolving, cleared on reopening, never before the start (InvalidIncidentChangeError).
 */
export async function updateIncident(
  db: PrismaClient,
  id: string,
  expectedVersion: number,
  patch: IncidentPatch,
  author?: string,
  now: Date = new Date(),
) {
  assertId("incident", id);
  return db.$transaction(async (tx) => {
    const before = await tx.incident.findUnique({ where: { id } });
    if (!before) throw new NotFoundError("incident", id);
    if (before.version !== expectedVersion) throw new ConflictError(id, expectedVersion, before.version);
    // Safe to judge the edit against `before`: every change bumps the version, so if the
    // update below matches expectedVersion, the row is still the one read here.
    const resolvedAt = resolvedAtAfter(before, patch, now);
    const { count } = await tx.incident.updateMany({
      where: { id, version: expectedVersion },
      data: { ...patch, resolvedAt, version: { increment: 1 } },
    });
    if (count === 0) {
      // Someone else's edit committed between our read and our update: report the version
      // stored now (not the one read before), so the client can reload and retry against it.
      const current = await tx.incident.findUnique({ where: { id }, select: { version: true } });
      if (!current) throw new NotFoundError("incident", id);
      throw new ConflictError(id, expectedVersion, current.version);
    }
    if (patch.status && patch.status !== before.status) {
      await tx.timelineEvent.create({
        data: {
          incidentId: id,
          at: now,
          kind: "status_change",
          author: author ?? null,
          body: `Status: ${before.status} → ${patch.status}`,
        },
      });
    }
    return tx.incident.findUniqueOrThrow({ where: { id } });
  });
}

export interface NewTimelineEvent {
  at: Date;
  kind: TimelineEventKind;
  body: string;
  author?: string;
  checkId?: string;
  workflowId?: string;
  snapshotId?: string;
  /** Pinned evidence: the item inside the snapshot (evidence-ref.ts), validated by the caller. */
  evidenceRef?: string;
  /** Derived events only: the same key is never recorded twice for an incident. */
  dedupeKey?: string;
  /** Events from outside (alerts): the same key is never recorded twice at all (recordExternalEvents). */
  externalKey?: string;
  /** A link the event came with (an alert's dashboard), checked by the caller (event-link.ts). */
  link?: string;
}

/** Adds one event (a note, pinned evidence). Appends never conflict with each other. */
export async function addTimelineEvent(
  db: PrismaClient | Prisma.TransactionClient,
  incidentId: string,
  event: NewTimelineEvent,
) {
  assertId("incident", incidentId);
  try {
    return await db.timelineEvent.create({ data: toEventData(incidentId, event) });
  } catch (error) {
    rethrowMissing(error, { incident: incidentId, snapshot: event.snapshotId });
  }
}

/**
 * Records the derived events (check transitions) the timeline does not hold yet: see
 * unrecordedEvents in timeline.ts, with the unique (incident, dedupe_key) index as a
 * backstop. Returns how many were added.
 */
export async function recordDerivedEvents(
  db: PrismaClient,
  incidentId: string,
  events: NewTimelineEvent[],
): Promise<number> {
  assertId("incident", incidentId);
  return db.$transaction((tx) => recordDerivedEventsIn(tx, incidentId, events));
}

/** The same, inside a transaction the caller holds (the demo seed writes a whole incident at once). */
export async function recordDerivedEventsIn(
  tx: Prisma.TransactionClient,
  incidentId: string,
  events: NewTimelineEvent[],
): Promise<number> {
  assertId("incident", incidentId);
  if (events.some((event) => !event.dedupeKey)) throw new Error("derived timeline events need a dedupeKey");
  // Two page loads deriving the same incident at once must not both decide that an event is
  // new: the incident's row lock makes them take turns (reading, then inserting).
  const locked = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id::text AS id FROM incident WHERE id = ${incidentId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("incident", incidentId);
  const recorded = await tx.timelineEvent.findMany({
    where: { incidentId, dedupeKey: { not: null } },
    select: { dedupeKey: true },
  });
  const fresh = unrecordedEvents(
    recorded.flatMap((row) => (row.dedupeKey === null ? [] : [row.dedupeKey])),
    events,
  );
  if (fresh.length === 0) return 0;
  try {
    const { count } = await tx.timelineEvent.createMany({
      data: fresh.map((event) => toEventData(incidentId, event)),
      skipDuplicates: true,
    });
    return count;
  } catch (error) {
    rethrowMissing(error, { incident: incidentId });
  }
}

function toEventData(incidentId: string, event: NewTimelineEvent) {
  return {
    incidentId,
    at: event.at,
    kind: event.kind,
    body: event.body,
    author: event.author ?? null,
    checkId: event.checkId ?? null,
    workflowId: event.workflowId ?? null,
    snapshotId: event.snapshotId ?? null,
    evidenceRef: event.evidenceRef ?? null,
    dedupeKey: event.dedupeKey ?? null,
    externalKey: event.externalKey ?? null,
    link: event.link ?? null,
  };
}

/**
 * Records events that come from outside (Alertmanager's alerts), each on its incident, inside
 * the caller's transaction. The unique external_key index decides: a key stored before, or by
 * a concurrent writer, is skipped (ON CONFLICT DO NOTHING) rather than stored twice. Returns
 * the new events' ids by key; a key missing from it was recorded by someone else.
 */
export async function recordExternalEvents(
  tx: Prisma.TransactionClient,
  events: ReadonlyArray<{ incidentId: string; event: NewTimelineEvent & { externalKey: string } }>,
): Promise<Map<string, string>> {
  for (const { incidentId } of events) assertId("incident", incidentId);
  if (events.length === 0) return new Map();
  try {
    const rows = await tx.timelineEvent.createManyAndReturn({
      data: events.map(({ incidentId, event }) => toEventData(incidentId, event)),
      skipDuplicates: true,
      select: { id: true, externalKey: true },
    });
    return new Map(rows.flatMap((row) => (row.externalKey === null ? [] : [[row.externalKey, row.id] as const])));
  } catch (error) {
    rethrowMissing(error, { incident: events.length === 1 ? events[0]!.incidentId : undefined });
  }
}

export interface NewSnapshot {
  workflowId: string;
  windowFrom: Date;
  windowTo: Date;
  bundleVersion: number;
  bundle: unknown;
  incidentId?: string;
}

/**
 * Writing a snapshot (up to megabytes of compressed parts, on PGlite too, possibly after
 * waiting for another writer's parts lock) inside an interactive transaction can outlast
 * Prisma's 5 s default, which would fail the write with P2028.
 */
const SNAPSHOT_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/** Columns of a snapshot row without its stored bytes (manifest, legacy jsonb). */
const WITHOUT_BYTES = { manifest: true, legacyBundle: true } as const;

/**
 * Stores a snapshot in a transaction of its own: its bundle split into a compressed manifest
 * and content-addressed parts, a part another snapshot already stored only referenced
 * (lib/evidence/snapshot-store.ts). Row, parts and references together or none. Returns the
 * row without its stored bytes.
 */
export async function createSnapshot(db: PrismaClient, input: NewSnapshot) {
  const prepared = prepareSnapshot(input);
  return db.$transaction((tx) => storeSnapshotIn(tx, input, prepared), SNAPSHOT_TRANSACTION);
}

/** createSnapshot inside the caller's transaction (with the link or timeline event it belongs to). */
export async function createSnapshotIn(tx: Prisma.TransactionClient, input: NewSnapshot) {
  return storeSnapshotIn(tx, input, prepareSnapshot(input));
}

function prepareSnapshot(input: NewSnapshot): { json: string; bundle: PreparedBundle } {
  // What JSON keeps of the input (no undefined, dates as strings), as the jsonb column did.
  const json = JSON.stringify(input.bundle);
  return { json, bundle: prepareBundle(JSON.parse(json)) };
}

async function storeSnapshotIn(
  tx: Prisma.TransactionClient,
  input: NewSnapshot,
  prepared: { json: string; bundle: PreparedBundle },
) {
  await lockSnapshotParts(tx);
  try {
    const row = await tx.snapshot.create({
      data: {
        workflowId: input.workflowId,
        windowFrom: input.windowFrom,
        windowTo: input.windowTo,
        bundleVersion: input.bundleVersion,
        manifest: new Uint8Array(prepared.bundle.manifest),
        sizeBytes: Buffer.byteLength(prepared.json),
        incidentId: input.incidentId ?? null,
      },
      omit: WITHOUT_BYTES,
    });
    await storeParts(tx, row.id, prepared.bundle);
    return row;
  } catch (error) {
    rethrowMissing(error, { incident: input.incidentId });
  }
}

/** A stored snapshot with its bundle as plain JSON (not validated: load-snapshot.ts does that). */
export async function getSnapshot(db: PrismaClient, id: string) {
  assertId("snapshot", id);
  const row = await db.snapshot.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("snapshot", id);
  const { manifest, legacyBundle, ...columns } = row;
  return { ...columns, bundle: await readStoredBundle(db, { id, manifest, legacyBundle }) };
}

const SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no l/1/o/0: slugs get read aloud in calls

export function newSlug(length = 8): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => SLUG_ALPHABET[byte % SLUG_ALPHABET.length]).join("");
}

export interface NewShareLink {
  targetPath: string;
  windowFrom: Date;
  windowTo: Date;
  /** An existing snapshot the link opens… */
  snapshotId?: string;
  /** …or one to store with the link, in the same transaction (no snapshot without its link). */
  snapshot?: NewSnapshot;
  createdBy?: string;
  /** ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR, checked in the creating transaction (snapshot-quota.ts); unset or 0: none. */
  quotaPerHour?: number;
}

/**
 * Creates a share link with a fresh short slug (retrying the rare collision), and the
 * snapshot it freezes when `input.snapshot` is given: both rows or neither. Throws
 * InvalidTargetPathError for a target that is not a path of this app.
 */
export async function createShareLink(db: PrismaClient, input: NewShareLink) {
  const targetPath = assertAppPath(input.targetPath);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      // A collision aborts the transaction, so each attempt is a transaction of its own.
      return await db.$transaction(async (tx) => {
        await lockedQuotaCheck(tx, input.quotaPerHour);
        const snapshotId = input.snapshot
          ? (await createSnapshotIn(tx, input.snapshot)).id
          : (input.snapshotId ?? null);
        return tx.shareLink.create({
          data: {
            slug: newSlug(),
            targetPath,
            windowFrom: input.windowFrom,
            windowTo: input.windowTo,
            snapshotId,
            createdBy: input.createdBy ?? null,
          },
        });
      }, SNAPSHOT_TRANSACTION);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
      rethrowMissing(error, { snapshot: input.snapshotId });
    }
  }
  throw new Error("could not find a free share-link slug after 5 attempts");
}

/**
 * Pinned evidence: stores the snapshot and the timeline event pointing at it in one
 * transaction, so a failed event never leaves a snapshot no timeline refers to.
 */
export async function addEvidence(
  db: PrismaClient,
  incidentId: string,
  snapshot: NewSnapshot,
  event: Omit<NewTimelineEvent, "snapshotId">,
  /** ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR, checked in the transaction (snapshot-quota.ts); unset or 0: none. */
  quotaPerHour?: number,
) {
  assertId("incident", incidentId);
  return db.$transaction(async (tx) => {
    await lockedQuotaCheck(tx, quotaPerHour);
    const stored = await createSnapshotIn(tx, { ...snapshot, incidentId });
    const pinned = await addTimelineEvent(tx, incidentId, { ...event, snapshotId: stored.id });
    return { snapshot: stored, event: pinned };
  }, SNAPSHOT_TRANSACTION);
}

export async function getShareLink(db: PrismaClient, slug: string) {
  const link = await db.shareLink.findUnique({ where: { slug } });
  if (!link) throw new NotFoundError("share link", slug);
  return link;
}

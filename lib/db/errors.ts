import { Prisma } from "./generated/client";

// What a foreign-key failure (Prisma P2003) refers to, so callers can say "snapshot … not
// found" instead of a generic 500. Driver adapters put the constraint under
// meta.driverAdapterError.cause.constraint; Prisma's own engine names it in meta.field_name
// and in the message. Every foreign key in prisma/migrations is listed here (a test checks).

/** Foreign-key constraint → the kind of row it points at. */
export const REFERENCED_ENTITY: Readonly<Record<string, string>> = {
  timeline_event_incident_id_fkey: "incident",
  timeline_event_snapshot_id_fkey: "snapshot",
  snapshot_incident_id_fkey: "incident",
  snapshot_config_revision_id_fkey: "config revision",
  share_link_snapshot_id_fkey: "snapshot",
  timeline_derivation_incident_id_fkey: "incident",
  snapshot_part_ref_snapshot_id_fkey: "snapshot",
  snapshot_part_ref_part_sha256_fkey: "snapshot part",
};

export interface MissingReference {
  /** "incident", "snapshot"…, or "referenced row" when the constraint is not one we know. */
  entity: string;
  constraint: string | undefined;
}

function constraintOf(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = error.meta as
    { driverAdapterError?: { cause?: { constraint?: { index?: unknown } } }; field_name?: unknown } | undefined;
  const index = meta?.driverAdapterError?.cause?.constraint?.index;
  if (typeof index === "string") return index;
  const known = Object.keys(REFERENCED_ENTITY);
  const text = `${typeof meta?.field_name === "string" ? meta.field_name : ""} ${error.message}`;
  return known.find((name) => text.includes(name));
}

/** The row a failed write referred to, when `error` is a foreign-key violation; otherwise undefined. */
export function missingReference(error: unknown): MissingReference | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2003") return undefined;
  const constraint = constraintOf(error);
  return { entity: (constraint && REFERENCED_ENTITY[constraint]) || "referenced row", constraint };
}

// ---- the database being unavailable ---------------------------------------------------------

/** Driver-adapter error kinds that mean "cannot talk to the database now", not "bad request". */
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
  "AuthenticationFailed",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
]);
/** Prisma's codes for the same: can't reach, timed out, connection closed, pool exhausted. */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** The database could not be opened or migrated: every use of it fails until it can. */
export class DatabaseUnavailableError extends Error {
  constructor(where: string, cause: unknown) {
    super(`database unavailable (${where}): ${errorText(cause)}`, { cause });
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * One line that says what went wrong. Prisma's messages start with an empty line and an
 * "Invalid `prisma.x()` invocation:" header, so their first line alone says nothing.
 */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message
    .split("\n")
    .map((text) => text.trim())
    .find((text) => text !== "" && !/^Invalid `.*` invocation/.test(text));
  return line ?? (error instanceof Error ? error.name : "unknown error");
}

/** True when `error` means the database cannot be reached or used right now (answer 503). */
export function databaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (UNAVAILABLE_CODES.has(error.code)) return true;
    const meta = error.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined;
    const kind = meta?.driverAdapterError?.cause?.kind;
    return typeof kind === "string" && UNAVAILABLE_KINDS.has(kind);
  }
  return false;
}

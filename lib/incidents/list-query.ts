// The incident list's query (GET /api/incidents, the /incidents page, the pin picker): filters,
// a bounded page size and an opaque cursor. Pure and client-safe, so the page and the API read
// the same URL the same way.

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatusName = (typeof INCIDENT_STATUSES)[number];

/** `open` is every status but resolved: what the pin picker offers. */
export type IncidentStatusFilter = IncidentStatusName | "open";

export const DEFAULT_INCIDENT_PAGE_SIZE = 50;
export const MAX_INCIDENT_PAGE_SIZE = 200;

/** Where the previous page ended, in the list's order (startedAt desc, id desc). */
export interface IncidentCursor {
  startedAtMs: number;
  id: string;
}

export interface IncidentListQuery {
  status?: IncidentStatusFilter;
  workflow?: string;
  /** Started at or after this instant. */
  startedFrom?: Date;
  /** Started before this instant. */
  startedTo?: Date;
  cursor?: IncidentCursor;
  limit: number;
}

/** A query parameter that cannot be used as sent. Route handlers answer 400 naming it. */
export class InvalidParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
    this.name = "InvalidParameterError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const WORKFLOW_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
// An explicit zone is required: "14:03" alone would mean the server's zone, not the reader's.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DATE_MS = 8.64e15;

/** "v1:<startedAt ms>:<id>" in base64url: opaque to clients, so its shape can change with its version. */
export function encodeIncidentCursor(cursor: IncidentCursor): string {
  return base64url(`v1:${cursor.startedAtMs}:${cursor.id}`);
}

export function decodeIncidentCursor(text: string): IncidentCursor {
  const refuse = () =>
    new InvalidParameterError("cursor", "not a cursor this server issued; use the nextCursor of a previous answer");
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw refuse();
  const [version, ms, id, ...rest] = fromBase64url(text).split(":");
  if (version !== "v1" || rest.length > 0 || !ms || !/^-?\d{1,16}$/.test(ms) || !id || !UUID.test(id)) throw refuse();
  // Beyond ±8.64e15 ms a Date is invalid, and the database would be asked about NaN.
  if (Math.abs(Number(ms)) > MAX_DATE_MS) throw refuse();
  return { startedAtMs: Number(ms), id };
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): string {
  try {
    return atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch (error) {
    // atob throws a DOMException for a length no base64 has: that is just a bad cursor.
    if (error instanceof Error) return "";
    throw error;
  }
}

function parseInstant(parameter: string, text: string): Date {
  const ms = DATE_ONLY.test(text) ? Date.parse(`${text}T00:00:00Z`) : RFC3339.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms))
    throw new InvalidParameterError(
      parameter,
      `expected an RFC 3339 time with a zone (2026-11-23T14:03:00Z) or a date (2026-11-23, midnight UTC), got ${JSON.stringify(text.slice(0, 40))}`,
    );
  return new Date(ms);
}

/** One value per parameter: a repeated one would be ambiguous (which status?), so it is refused. */
function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new InvalidParameterError(name, "given more than once; give it once");
  const value = values[0]?.trim();
  return value === "" ? undefined : value;
}

/**
 * Reads the list's query parameters; throws InvalidParameterError naming the first bad one.
 * Unknown parameters are ignored (the page's URL carries others, such as the new-incident
 * form's startedAt).
 */
export function parseIncidentListQuery(params: URLSearchParams): IncidentListQuery {
  const query: IncidentListQuery = { limit: DEFAULT_INCIDENT_PAGE_SIZE };
  const status = single(params, "status");
  if (status !== undefined) {
    if (status !== "open" && !(INCIDENT_STATUSES as readonly string[]).includes(status))
      throw new InvalidParameterError("status", `expected open, ${INCIDENT_STATUSES.join(", ")}`);
    query.status = status as IncidentStatusFilter;
  }
  const workflow = single(params, "workflow");
  if (workflow !== undefined) {
    if (!WORKFLOW_ID.test(workflow))
      throw new InvalidParameterError("workflow", "expected a workflow id such as checkout ([a-z0-9][a-z0-9-]{0,62})");
    query.workflow = workflow;
  }
  const startedFrom = single(params, "startedFrom");
  if (startedFrom !== undefined) query.startedFrom = parseInstant("startedFrom", startedFrom);
  const startedTo = single(params, "startedTo");
  if (startedTo !== undefined) query.startedTo = parseInstant("startedTo", startedTo);
  if (query.startedFrom && query.startedTo && query.startedTo <= query.startedFrom)
    throw new InvalidParameterError("startedTo", "must be after startedFrom");
  const cursor = single(params, "cursor");
  if (cursor !== undefined) query.cursor = decodeIncidentCursor(cursor);
  const limit = single(params, "limit");
  if (limit !== undefined) {
    const size = /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
    if (!(size >= 1 && size <= MAX_INCIDENT_PAGE_SIZE))
      throw new InvalidParameterError("limit", `expected a whole number from 1 to ${MAX_INCIDENT_PAGE_SIZE}`);
    query.limit = size;
  }
  return query;
}

/** The query's filters as URL parameters (no cursor, no limit): what a "next page" link keeps. */
export function incidentFilterParams(query: IncidentListQuery): Record<string, string> {
  return {
    ...(query.status ? { status: query.status } : {}),
    ...(query.workflow ? { workflow: query.workflow } : {}),
    ...(query.startedFrom ? { startedFrom: query.startedFrom.toISOString() } : {}),
    ...(query.startedTo ? { startedTo: query.startedTo.toISOString() } : {}),
  };
}

/** The /incidents page for `query` (its filters and page size), at `cursor` or at the first page. */
export function incidentListHref(query: IncidentListQuery, cursor?: string): string {
  const params = new URLSearchParams({
    ...incidentFilterParams(query),
    ...(query.limit !== DEFAULT_INCIDENT_PAGE_SIZE ? { limit: String(query.limit) } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const text = params.toString();
  return text ? `/incidents?${text}` : "/incidents";
}

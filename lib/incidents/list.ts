import type { PrismaClient } from "@/lib/db/generated/client";
import type { Prisma } from "@/lib/db/generated/client";
import { encodeIncidentCursor, type IncidentListQuery } from "./list-query";

// One page of incidents in a stable order (startedAt desc, id desc), so paging with the cursor
// reaches every incident exactly once, however many share a start time or are dated in the
// future: the list once showed only the 50 latest, and 50 future-dated incidents hid a SEV1.

export function incidentListWhere(query: Omit<IncidentListQuery, "limit">): Prisma.IncidentWhereInput {
  const and: Prisma.IncidentWhereInput[] = [];
  if (query.status === "open") and.push({ status: { not: "resolved" } });
  else if (query.status) and.push({ status: query.status });
  if (query.workflow) and.push({ workflowIds: { has: query.workflow } });
  if (query.startedFrom) and.push({ startedAt: { gte: query.startedFrom } });
  if (query.startedTo) and.push({ startedAt: { lt: query.startedTo } });
  if (query.cursor) {
    const at = new Date(query.cursor.startedAtMs);
    and.push({ OR: [{ startedAt: { lt: at } }, { startedAt: at, id: { lt: query.cursor.id } }] });
  }
  return { AND: and };
}

/** The page and the cursor of the next one (null on the last page). */
export async function listIncidentsPage(db: PrismaClient, query: IncidentListQuery) {
  // One row more than asked tells whether there is a next page without a count.
  const rows = await db.incident.findMany({
    where: incidentListWhere(query),
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeIncidentCursor({ startedAtMs: last.startedAt.getTime(), id: last.id })
      : null;
  return { items, nextCursor };
}

import { beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { listIncidentsPage } from "@/lib/incidents/list";
import { parseIncidentListQuery } from "@/lib/incidents/list-query";
import { createIncident } from "@/lib/incidents/repository";
import { onEachDatabase } from "../support/migrated-database";

// The incident list reaches every incident: 50 incidents dated in the future once filled the
// only page there was and hid a real SEV1. Paging with the cursor must return each incident
// exactly once, ties in startedAt included, and the filters must narrow the list in the database.

onEachDatabase("incident list", "incident_list", (database) => {
  let db: PrismaClient;
  let sev1: string;
  const ids: string[] = [];
  const now = new Date("2026-11-23T14:03:00Z");
  beforeAll(async () => {
    db = database();
    // 50 future-dated incidents, in pairs sharing a start (ties are what an offset cursor loses).
    for (let index = 0; index < 50; index += 1) {
      const incident = await createIncident(db, {
        title: `future ${index}`,
        severity: "sev4",
        startedAt: new Date(Date.parse("2030-01-01T00:00:00Z") + Math.floor(index / 2) * 60_000),
        workflowIds: ["refunds"],
      });
      ids.push(incident.id);
    }
    const real = await createIncident(db, {
      title: "Checkout confirmations stuck",
      severity: "sev1",
      startedAt: now,
      workflowIds: ["checkout"],
    });
    sev1 = real.id;
    ids.push(real.id);
    await db.incident.update({
      where: { id: ids[0]! },
      data: { status: "resolved", resolvedAt: new Date("2030-01-02T00:00:00Z") },
    });
  });

  const page = (query: string) => listIncidentsPage(db, parseIncidentListQuery(new URLSearchParams(query)));

  it("pages through every incident exactly once, in startedAt desc, id desc order", async () => {
    const seen: string[] = [];
    const starts: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: Awaited<ReturnType<typeof page>> = await page(`limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      for (const item of answer.items) {
        seen.push(item.id);
        starts.push(item.startedAt.getTime());
      }
      cursor = answer.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(8); // 51 incidents, 7 a page
    expect(new Set(seen).size).toBe(51);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(seen.at(-1)).toBe(sev1);
  });

  it("shows the SEV1 on the second page of the default size, not nowhere", async () => {
    const first = await page("");
    expect(first.items).toHaveLength(50);
    expect(first.items.map((item) => item.id)).not.toContain(sev1);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual([sev1]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters by status, workflow and start in the database", async () => {
    expect((await page("startedTo=2026-11-24")).items.map((item) => item.id)).toEqual([sev1]);
    expect((await page("workflow=checkout")).items.map((item) => item.id)).toEqual([sev1]);
    expect((await page("status=resolved")).items.map((item) => item.id)).toEqual([ids[0]]);
    expect((await page("status=open&limit=200")).items).toHaveLength(50);
    const from = await page("startedFrom=2030-01-01T00:24:00Z&limit=200");
    expect(from.items.map((item) => item.title).sort()).toEqual(["future 48", "future 49"]);
  });
});

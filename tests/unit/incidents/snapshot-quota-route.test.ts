import { describe, expect, it } from "vitest";
import { POST as createIncident } from "@/app/api/incidents/route";
import { POST as pin } from "@/app/api/incidents/[id]/pins/route";
import { POST as createShareLink } from "@/app/api/share-links/route";
import { jsonRequest, openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// Over the snapshot quota, POST /api/share-links is a 429 saying when to retry, and nothing
// is stored; pins count against the same quota. (The counting is tested in tests/db.)
pointAtThrowawayDatabase();
openDatabaseBeforeTests();
process.env.ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR = "2";

const link = () =>
  createShareLink(
    jsonRequest("/api/share-links", "POST", {
      workflowId: "checkout",
      from: "2026-11-23T14:03:00Z",
      to: "2026-11-23T14:50:00Z",
      snapshot: false,
    }),
  );

describe("POST /api/share-links over the quota", () => {
  it("answers 429 with Retry-After once the hour's quota is used", async () => {
    expect((await link()).status).toBe(201);
    expect((await link()).status).toBe(201);
    const refused = await link();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await refused.json()).toEqual({
      error: `snapshot quota reached: at most 2 snapshots and share links are created per hour (ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR); try again in ${retryAfter} s`,
      quotaPerHour: 2,
      retryAfterSeconds: retryAfter,
    });
  });

  it("refuses a pin too, before capturing anything", async () => {
    const created = await createIncident(
      jsonRequest("/api/incidents", "POST", {
        title: "Orders stuck",
        severity: "sev2",
        startedAt: "2026-11-23T14:03:00Z",
        workflowIds: ["checkout"],
      }),
    );
    const { id } = ((await created.json()) as { incident: { id: string } }).incident;
    const refused = await pin(
      jsonRequest(`/api/incidents/${id}/pins`, "POST", {
        workflowId: "checkout",
        from: "2026-11-23T14:03:00Z",
        to: "2026-11-23T14:50:00Z",
        item: { type: "view", label: "checkout" },
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

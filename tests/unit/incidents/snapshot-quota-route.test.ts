import { describe, expect, it } from "vitest";
import { POST as createShareLink } from "@/app/api/share-links/route";
import { jsonRequest, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// Over the snapshot quota, POST /api/share-links is a 429 saying when to retry, and nothing
// is stored. (The pins route runs the same check; the counting is tested in tests/db.)
pointAtThrowawayDatabase();
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
});

import { describe, expect, it } from "vitest";
import { GET as listIncidents, POST as createIncident } from "@/app/api/incidents/route";
import { jsonRequest, openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// GET /api/incidents as a client pages it: items and nextCursor, filters from the query
// string, and a bad parameter named in a 400 rather than ignored.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();

const get = async (query: string) => {
  const response = await listIncidents(new Request(`http://asyncscope.test/api/incidents?${query}`));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("GET /api/incidents", () => {
  it("answers a page of items and the cursor of the next, which reaches the rest", async () => {
    for (const startedAt of ["2026-11-23T14:03:00Z", "2026-11-23T15:03:00Z", "2026-11-23T16:03:00Z"]) {
      const created = await createIncident(
        jsonRequest("/api/incidents", "POST", {
          title: startedAt,
          severity: "sev2",
          startedAt,
          workflowIds: ["checkout"],
        }),
      );
      expect(created.status).toBe(201);
    }
    const first = await get("limit=2");
    expect(first.status).toBe(200);
    const firstItems = first.body.items as Array<{ title: string }>;
    expect(firstItems.map((item) => item.title)).toEqual(["2026-11-23T16:03:00Z", "2026-11-23T15:03:00Z"]);
    expect(typeof first.body.nextCursor).toBe("string");
    const second = await get(`limit=2&cursor=${String(first.body.nextCursor)}`);
    expect((second.body.items as Array<{ title: string }>).map((item) => item.title)).toEqual(["2026-11-23T14:03:00Z"]);
    expect(second.body.nextCursor).toBeNull();
    const filtered = await get("startedFrom=2026-11-23T15:00:00Z&startedTo=2026-11-23T16:00:00Z&status=investigating");
    expect((filtered.body.items as Array<{ title: string }>).map((item) => item.title)).toEqual([
      "2026-11-23T15:03:00Z",
    ]);
  });

  it("refuses a limit out of bounds and a forged cursor with 400, naming the parameter", async () => {
    expect(await get("limit=1000")).toEqual({
      status: 400,
      body: { error: "limit: expected a whole number from 1 to 200", parameter: "limit" },
    });
    expect(await get("cursor=not-ours")).toMatchObject({ status: 400, body: { parameter: "cursor" } });
    expect(await get("status=closed")).toMatchObject({ status: 400, body: { parameter: "status" } });
  });
});

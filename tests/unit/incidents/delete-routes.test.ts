import { describe, expect, it } from "vitest";
import { POST as createIncidentRoute } from "@/app/api/incidents/route";
import { DELETE as deleteIncidentRoute, GET as getIncidentRoute } from "@/app/api/incidents/[id]/route";
import { POST as createShareLinkRoute } from "@/app/api/share-links/route";
import { DELETE as deleteShareLinkRoute } from "@/app/api/share-links/[slug]/route";
import { DELETE as deleteSnapshotRoute } from "@/app/api/snapshots/[id]/route";
import { db } from "@/lib/db/client";
import { addEvidence, createShareLink } from "@/lib/incidents/repository";
import { jsonRequest, openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// The delete routes behind a sign-in proxy: refused without the signed-in header, 404 for
// what does not exist, and the deleter named on the timeline of the incident that lost evidence.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();
process.env.ASYNCSCOPE_AUTH_HEADER = "X-Forwarded-User";
// Required with the header (lib/env.ts); the routes are called directly here, so proxy.ts's
// check of the peer address is not part of these tests (tests/unit/api/trusted-proxies-route.test.ts).
process.env.ASYNCSCOPE_TRUSTED_PROXIES = "127.0.0.1";

const SIGNED_IN = { "x-forwarded-user": "alice" };
const remove = (url: string, headers: Record<string, string> = {}) =>
  new Request(new URL(url, "http://asyncscope.test"), { method: "DELETE", headers });
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

async function newIncident(): Promise<string> {
  const response = await createIncidentRoute(
    jsonRequest(
      "/api/incidents",
      "POST",
      { title: "Orders stuck", severity: "sev1", startedAt: "2026-11-23T14:03:00Z", workflowIds: ["checkout"] },
      SIGNED_IN,
    ),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { incident: { id: string } }).incident.id;
}

async function pinnedSnapshot(incidentId: string): Promise<string> {
  const { snapshot } = await addEvidence(
    await db(),
    incidentId,
    {
      workflowId: "checkout",
      windowFrom: new Date("2026-11-23T14:00:00Z"),
      windowTo: new Date("2026-11-23T14:15:00Z"),
      bundleVersion: 1,
      bundle: {},
    },
    { at: new Date("2026-11-23T14:20:00Z"), kind: "evidence", body: "pinned" },
  );
  return snapshot.id;
}

async function timeline(incidentId: string) {
  const response = await getIncidentRoute(remove(`/api/incidents/${incidentId}`), params({ id: incidentId }));
  return ((await response.json()) as { incident: { events: Array<{ kind: string; author: string; body: string }> } })
    .incident.events;
}

describe("DELETE /api/incidents/{id}", () => {
  it("refuses without the signed-in header (401), deletes with it, then answers 404", async () => {
    const id = await newIncident();
    const anonymous = await deleteIncidentRoute(remove(`/api/incidents/${id}`), params({ id }));
    expect(anonymous.status).toBe(401);
    expect((await getIncidentRoute(remove(`/api/incidents/${id}`), params({ id }))).status).toBe(200);
    const signed = await deleteIncidentRoute(remove(`/api/incidents/${id}`, SIGNED_IN), params({ id }));
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ deleted: { id, deletedSnapshotIds: [], keptSnapshotIds: [] } });
    const again = await deleteIncidentRoute(remove(`/api/incidents/${id}`, SIGNED_IN), params({ id }));
    expect(again.status).toBe(404);
  });
});

describe("DELETE /api/share-links/{slug}", () => {
  it("deletes a link to a live view; unknown slugs are 404; no header is 401", async () => {
    const created = await createShareLinkRoute(
      jsonRequest(
        "/api/share-links",
        "POST",
        { workflowId: "checkout", from: "2026-11-23T14:03:00Z", to: "2026-11-23T14:50:00Z", snapshot: false },
        SIGNED_IN,
      ),
    );
    const { slug } = (await created.json()) as { slug: string };
    expect((await deleteShareLinkRoute(remove(`/api/share-links/${slug}`), params({ slug }))).status).toBe(401);
    const deleted = await deleteShareLinkRoute(remove(`/api/share-links/${slug}`, SIGNED_IN), params({ slug }));
    expect(await deleted.json()).toEqual({ deleted: { slug, deletedSnapshotId: null, incidentIds: [] } });
    expect((await deleteShareLinkRoute(remove(`/api/share-links/${slug}`, SIGNED_IN), params({ slug }))).status).toBe(
      404,
    );
  });

  it("names the signed-in deleter on the incident the link's snapshot is pinned to", async () => {
    const incidentId = await newIncident();
    const snapshotId = await pinnedSnapshot(incidentId);
    const link = await createShareLink(await db(), {
      targetPath: `/snapshots/${snapshotId}`,
      windowFrom: new Date("2026-11-23T14:00:00Z"),
      windowTo: new Date("2026-11-23T14:15:00Z"),
      snapshotId,
    });
    const deleted = await deleteShareLinkRoute(
      remove(`/api/share-links/${link.slug}`, SIGNED_IN),
      params({ slug: link.slug }),
    );
    expect(deleted.status).toBe(200);
    expect((await timeline(incidentId)).filter((event) => event.kind === "deletion")).toEqual([
      expect.objectContaining({ author: "alice", body: expect.stringContaining(`Share link /s/${link.slug} deleted`) }),
    ]);
  });
});

describe("DELETE /api/snapshots/{id}", () => {
  it("deletes a pinned snapshot and says so on the timeline; 404 after, and for a malformed id", async () => {
    const incidentId = await newIncident();
    const id = await pinnedSnapshot(incidentId);
    expect((await deleteSnapshotRoute(remove(`/api/snapshots/${id}`), params({ id }))).status).toBe(401);
    const deleted = await deleteSnapshotRoute(remove(`/api/snapshots/${id}`, SIGNED_IN), params({ id }));
    expect(await deleted.json()).toEqual({ deleted: { id, deletedShareLinks: [], incidentIds: [incidentId] } });
    expect((await timeline(incidentId)).filter((event) => event.kind === "deletion")).toEqual([
      expect.objectContaining({ author: "alice", body: expect.stringContaining(`Snapshot ${id} deleted`) }),
    ]);
    expect((await deleteSnapshotRoute(remove(`/api/snapshots/${id}`, SIGNED_IN), params({ id }))).status).toBe(404);
    expect((await deleteSnapshotRoute(remove("/api/snapshots/x", SIGNED_IN), params({ id: "x" }))).status).toBe(404);
  });
});

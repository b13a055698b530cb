import { describe, expect, it } from "vitest";
import { POST as createIncident } from "@/app/api/incidents/route";
import { PATCH as updateIncident } from "@/app/api/incidents/[id]/route";
import { POST as addEvent } from "@/app/api/incidents/[id]/events/route";
import { POST as pin } from "@/app/api/incidents/[id]/pins/route";
import { jsonRequest, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// The incident API as a client calls it: status edits keep resolvedAt consistent, stale
// edits say which version is current, and a reference to a missing row names it.
pointAtThrowawayDatabase();

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function newIncident(): Promise<{ id: string; version: number }> {
  const response = await createIncident(jsonRequest("/api/incidents", "POST", { title: "Orders stuck", severity: "sev2", startedAt: "2026-11-23T14:03:00Z", workflowIds: ["checkout"] }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { incident: { id: string; version: number } }).incident;
}

async function patch(id: string, body: unknown) {
  const response = await updateIncident(jsonRequest(`/api/incidents/${id}`, "PATCH", body), params(id));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { incident?: Record<string, unknown> } };
}

describe("POST /api/incidents", () => {
  it("refuses a workflow the config does not know with 400, naming the configured ones", async () => {
    const response = await createIncident(jsonRequest("/api/incidents", "POST", { title: "Refunds stuck", severity: "sev3", startedAt: "2026-11-23T14:03:00Z", workflowIds: ["refunds"] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "unknown workflow refunds; configured: checkout", parameter: "workflowIds" });
  });
});

describe("PATCH /api/incidents/{id}", () => {
  it("clears resolvedAt when a resolved incident is reopened", async () => {
    const { id } = await newIncident();
    const resolved = await patch(id, { version: 1, status: "resolved", resolvedAt: "2026-11-23T14:50:00Z" });
    expect(resolved).toMatchObject({ status: 200, body: { incident: { status: "resolved", resolvedAt: "2026-11-23T14:50:00.000Z" } } });
    const reopened = await patch(id, { version: 2, status: "investigating" });
    expect(reopened).toMatchObject({ status: 200, body: { incident: { status: "investigating", resolvedAt: null, version: 3 } } });
  });

  it("refuses a resolvedAt before the start with 400 and says why", async () => {
    const { id } = await newIncident();
    const early = await patch(id, { version: 1, status: "resolved", resolvedAt: "2026-11-23T13:00:00Z" });
    expect(early).toEqual({ status: 400, body: { error: "resolvedAt 2026-11-23T13:00:00.000Z is before the incident started (2026-11-23T14:03:00.000Z)", parameter: "resolvedAt" } });
  });

  it("answers a stale edit with 409 and the current version", async () => {
    const { id } = await newIncident();
    await patch(id, { version: 1, title: "Orders stuck since 14:03" });
    await patch(id, { version: 2, severity: "sev1" });
    const stale = await patch(id, { version: 1, status: "identified" });
    expect(stale).toMatchObject({ status: 409, body: { currentVersion: 3 } });
  });
});

describe("references to rows that do not exist", () => {
  it("names the missing snapshot of a pinned note (404)", async () => {
    const { id } = await newIncident();
    const snapshotId = "9d7e0000-0000-4000-8000-00000000dead";
    const response = await addEvent(jsonRequest(`/api/incidents/${id}/events`, "POST", { kind: "evidence", body: "see the snapshot", snapshotId }), params(id));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `snapshot ${snapshotId} not found` });
  });

  it("names the missing incident of a pin (404)", async () => {
    const id = "6f1c2a4e-0000-4000-8000-00000000dead";
    const response = await pin(
      jsonRequest(`/api/incidents/${id}/pins`, "POST", { workflowId: "checkout", from: "2026-11-23T14:03:00Z", to: "2026-11-23T14:50:00Z", item: { type: "view", label: "whole view" } }),
      params(id),
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `incident ${id} not found` });
  });
});

import { describe, expect, it } from "vitest";
import { POST as createIncident } from "@/app/api/incidents/route";
import { GET as getIncident, PATCH as updateIncident } from "@/app/api/incidents/[id]/route";
import { POST as addEvent } from "@/app/api/incidents/[id]/events/route";
import { POST as pin } from "@/app/api/incidents/[id]/pins/route";
import { jsonRequest, openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// The incident API as a client calls it: status edits keep resolvedAt consistent, stale
// edits say which version is current, and a reference to a missing row names it.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function newIncident(): Promise<{ id: string; version: number }> {
  const response = await createIncident(
    jsonRequest("/api/incidents", "POST", {
      title: "Orders stuck",
      severity: "sev2",
      startedAt: "2026-11-23T14:03:00Z",
      workflowIds: ["checkout"],
    }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { incident: { id: string; version: number } }).incident;
}

async function patch(id: string, body: unknown) {
  const response = await updateIncident(jsonRequest(`/api/incidents/${id}`, "PATCH", body), params(id));
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { incident?: Record<string, unknown> },
  };
}

describe("POST /api/incidents", () => {
  it("refuses a workflow the config does not know with 400, naming the configured ones", async () => {
    const response = await createIncident(
      jsonRequest("/api/incidents", "POST", {
        title: "Refunds stuck",
        severity: "sev3",
        startedAt: "2026-11-23T14:03:00Z",
        workflowIds: ["refunds"],
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: "unknown workflow refunds; configured: checkout",
      parameter: "workflowIds",
    });
  });
});

describe("PATCH /api/incidents/{id}", () => {
  it("clears resolvedAt when a resolved incident is reopened", async () => {
    const { id } = await newIncident();
    const resolved = await patch(id, { version: 1, status: "resolved", resolvedAt: "2026-11-23T14:50:00Z" });
    expect(resolved).toMatchObject({
      status: 200,
      body: { incident: { status: "resolved", resolvedAt: "2026-11-23T14:50:00.000Z" } },
    });
    const reopened = await patch(id, { version: 2, status: "investigating" });
    expect(reopened).toMatchObject({
      status: 200,
      body: { incident: { status: "investigating", resolvedAt: null, version: 3 } },
    });
  });

  it("refuses a resolvedAt before the start with 400 and says why", async () => {
    const { id } = await newIncident();
    const early = await patch(id, { version: 1, status: "resolved", resolvedAt: "2026-11-23T13:00:00Z" });
    expect(early).toEqual({
      status: 400,
      body: {
        error: "resolvedAt 2026-11-23T13:00:00.000Z is before the incident started (2026-11-23T14:03:00.000Z)",
        parameter: "resolvedAt",
      },
    });
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
    const response = await addEvent(
      jsonRequest(`/api/incidents/${id}/events`, "POST", { kind: "evidence", body: "see the snapshot", snapshotId }),
      params(id),
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `snapshot ${snapshotId} not found` });
  });

  it("names the missing incident of a pin (404)", async () => {
    const id = "6f1c2a4e-0000-4000-8000-00000000dead";
    const response = await pin(
      jsonRequest(`/api/incidents/${id}/pins`, "POST", {
        workflowId: "checkout",
        from: "2026-11-23T14:03:00Z",
        to: "2026-11-23T14:50:00Z",
        item: { type: "view", label: "whole view" },
      }),
      params(id),
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `incident ${id} not found` });
  });
});

describe("POST /api/incidents/{id}/pins", () => {
  // The e2e smoke config points every source at a closed loopback port: the capture freezes
  // them as failed (unknown checks), which is all a pin needs to be stored.
  const window = { workflowId: "checkout", from: "2026-11-23T14:25:00Z", to: "2026-11-23T14:40:00Z" };
  const pinItem = async (id: string, item: unknown) => {
    const response = await pin(jsonRequest(`/api/incidents/${id}/pins`, "POST", { ...window, item }), params(id));
    return {
      status: response.status,
      body: (await response.json()) as {
        snapshot: { id: string };
        event: Record<string, unknown>;
        problems: string[];
      } & { issues?: unknown },
    };
  };

  it("keeps where in the snapshot a chart, a trace and a checklist step are, and nothing for the whole view", async () => {
    const { id } = await newIncident();
    const chart = await pinItem(id, { type: "chart", ref: "panel-depth", label: "Queue depth" });
    expect(chart).toMatchObject({
      status: 201,
      body: { event: { kind: "evidence", evidenceRef: "panel-depth", checkId: null }, problems: [] },
    });
    expect(chart.body.event.snapshotId).toBe(chart.body.snapshot.id);
    const step = await pinItem(id, { type: "checklist", ref: "async-path", label: "The async path" });
    expect(step).toMatchObject({ status: 201, body: { event: { evidenceRef: "async-path", checkId: "async-path" } } });
    const view = await pinItem(id, { type: "view", label: "whole view" });
    expect(view).toMatchObject({ status: 201, body: { event: { evidenceRef: null, checkId: null } } });

    const stored = (await (
      await getIncident(new Request(`http://asyncscope.test/api/incidents/${id}`), params(id))
    ).json()) as { incident: { events: Array<{ body: string; evidenceRef: string | null }> } };
    expect(stored.incident.events.map((event) => event.evidenceRef)).toEqual(["panel-depth", "async-path", null]);
    expect(stored.incident.events[0]?.body).toMatch(/^Pinned chart "Queue depth" of checkout/);
  });

  it("keeps a pinned trace, and says when the snapshot could not capture it", async () => {
    const { id } = await newIncident();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const trace = await pinItem(id, { type: "trace", ref: traceId.toUpperCase(), label: traceId });
    expect(trace).toMatchObject({ status: 201, body: { event: { evidenceRef: traceId } } });
    // Jaeger is unreachable here, so the snapshot holds no traces: the pin is kept, and says so.
    expect(trace.body.problems).toEqual([
      expect.stringMatching(
        new RegExp(`^traces could not be captured \\(jaeger: .+\\), so the snapshot cannot show trace ${traceId}$`),
      ),
    ]);
    expect(trace.body.event.body).toContain(`Note: traces could not be captured (jaeger: `);
  });

  it("refuses a ref that does not fit its item with 422 naming the rule, before capturing anything", async () => {
    const { id } = await newIncident();
    const bad = await pinItem(id, { type: "chart", ref: "../../api/incidents", label: "Queue depth" });
    expect(bad).toEqual({
      status: 422,
      body: {
        error: "invalid request",
        issues: [
          { path: "item.ref", message: "a chart ref is the id of a panel of the workflow page, such as panel-depth" },
        ],
      },
    });
  });
});

describe("POST /api/incidents/{id}/events", () => {
  it("stores evidence pointing at an item of an existing snapshot, and refuses NUL with 422", async () => {
    const { id } = await newIncident();
    const pinned = await pin(
      jsonRequest(`/api/incidents/${id}/pins`, "POST", {
        workflowId: "checkout",
        from: "2026-11-23T14:25:00Z",
        to: "2026-11-23T14:40:00Z",
        item: { type: "view", label: "whole view" },
      }),
      params(id),
    );
    const { snapshot } = (await pinned.json()) as { snapshot: { id: string } };
    const added = await addEvent(
      jsonRequest(`/api/incidents/${id}/events`, "POST", {
        kind: "evidence",
        body: "depth already rising at 14:05",
        snapshotId: snapshot.id,
        evidenceRef: "panel-depth",
      }),
      params(id),
    );
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({
      event: { kind: "evidence", snapshotId: snapshot.id, evidenceRef: "panel-depth" },
    });

    const nul = await addEvent(
      jsonRequest(`/api/incidents/${id}/events`, "POST", { kind: "note", body: "pasted\u0000binary" }),
      params(id),
    );
    expect(nul.status).toBe(422);
    expect(await nul.json()).toEqual({
      error: "invalid request",
      issues: [{ path: "body", message: "text cannot contain NUL characters (\\u0000)" }],
    });
  });
});

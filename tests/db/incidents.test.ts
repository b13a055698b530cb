import { beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { InvalidTargetPathError, shareLinkDestination } from "@/lib/incidents/app-path";
import { ConflictError, NotFoundError } from "@/lib/incidents/errors";
import {
  addEvidence,
  addTimelineEvent,
  createIncident,
  createShareLink,
  createSnapshot,
  getIncident,
  getShareLink,
  getSnapshot,
  recordDerivedEvents,
  updateIncident,
} from "@/lib/incidents/repository";
import { onEachDatabase } from "../support/migrated-database";

// The incident model on both databases the app supports: nothing lost under concurrent
// edits, stale edits refused, derived events recorded once, snapshots stored whole.

onEachDatabase("incidents", "incidents", (database) => {
  let db: PrismaClient;
  beforeAll(() => {
    db = database();
  });

  const started = new Date("2026-11-23T14:03:00Z");

  it("keeps every one of 25 notes added at the same time", async () => {
    const incident = await createIncident(db, {
      title: "Orders stuck",
      severity: "sev2",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        addTimelineEvent(db, incident.id, {
          at: new Date(started.getTime() + index * 1000),
          kind: "note",
          body: `note ${index}`,
          author: `engineer-${index % 3}`,
        }),
      ),
    );
    const stored = await getIncident(db, incident.id);
    expect(stored.events.map((event) => event.body).sort()).toEqual(
      Array.from({ length: 25 }, (_, index) => `note ${index}`).sort(),
    );
  });

  it("refuses the second of two edits made against the same version", async () => {
    const incident = await createIncident(db, {
      title: "DLQ growing",
      severity: "sev3",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    const outcomes = await Promise.allSettled([
      updateIncident(db, incident.id, 1, { status: "identified" }, "alice"),
      updateIncident(db, incident.id, 1, { title: "DLQ growing since 14:03" }, "bob"),
    ]);
    const fulfilled = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(ConflictError);
    // The refusal reports the version stored now (the winner's), not the one read before
    // the race was lost, so the client can reload and retry against it.
    expect(rejected[0]?.reason).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    const stored = await getIncident(db, incident.id);
    expect(stored.version).toBe(2);
  });

  it("clears the resolution when an incident is reopened, and refuses one before the start", async () => {
    const incident = await createIncident(db, {
      title: "Reopened",
      severity: "sev2",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    const resolved = await updateIncident(db, incident.id, 1, {
      status: "resolved",
      resolvedAt: new Date(started.getTime() + 600_000),
    });
    expect(resolved.resolvedAt).toEqual(new Date(started.getTime() + 600_000));
    const reopened = await updateIncident(db, incident.id, 2, { status: "investigating" }, "bob");
    expect(reopened).toMatchObject({ status: "investigating", resolvedAt: null, version: 3 });
    await expect(
      updateIncident(db, incident.id, 3, { status: "resolved", resolvedAt: new Date(started.getTime() - 1000) }),
    ).rejects.toThrow("resolvedAt 2026-11-23T14:02:59.000Z is before the incident started (2026-11-23T14:03:00.000Z)");
    expect(await getIncident(db, incident.id)).toMatchObject({ status: "investigating", resolvedAt: null, version: 3 });
  });

  it("records a status change on the timeline and stamps the resolution", async () => {
    const incident = await createIncident(db, {
      title: "Crash loop",
      severity: "sev1",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    const resolved = await updateIncident(db, incident.id, 1, { status: "resolved" }, "alice");
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    const stored = await getIncident(db, incident.id);
    expect(stored.events).toMatchObject([
      { kind: "status_change", body: "Status: investigating → resolved", author: "alice" },
    ]);
  });

  it("records derived events once however often the timeline is derived", async () => {
    const incident = await createIncident(db, {
      title: "Derived",
      severity: "sev2",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    const derived = [
      {
        at: started,
        kind: "detected" as const,
        body: "consumers-alive critical",
        checkId: "consumers-alive",
        dedupeKey: "checkout/consumers-alive/1795442580000",
      },
      {
        at: new Date(started.getTime() + 120_000),
        kind: "status_change" as const,
        body: "backlog warning",
        checkId: "backlog",
        dedupeKey: "checkout/backlog/1795442700000",
      },
    ];
    expect(await recordDerivedEvents(db, incident.id, derived)).toBe(2);
    expect(await recordDerivedEvents(db, incident.id, derived)).toBe(0);
    expect((await getIncident(db, incident.id)).events).toHaveLength(2);
  });

  it("stores a snapshot bundle whole and resolves share links to it", async () => {
    const bundle = {
      version: 1,
      workflows: [{ id: "checkout", note: "ünïcödé and a big int as text", big: "9223372036854775807" }],
    };
    const snapshot = await createSnapshot(db, {
      workflowId: "checkout",
      windowFrom: started,
      windowTo: new Date(started.getTime() + 900_000),
      bundleVersion: 1,
      bundle,
    });
    expect((await getSnapshot(db, snapshot.id)).bundle).toEqual(bundle);
    const link = await createShareLink(db, {
      targetPath: "/workflows/checkout?from=x&to=y",
      windowFrom: started,
      windowTo: new Date(started.getTime() + 900_000),
      snapshotId: snapshot.id,
    });
    expect(link.slug).toMatch(/^[a-z2-9]{8}$/);
    expect((await getShareLink(db, link.slug)).snapshotId).toBe(snapshot.id);
  });

  it("stores a share link and the snapshot it freezes together, or neither", async () => {
    const window = { windowFrom: started, windowTo: new Date(started.getTime() + 900_000) };
    const snapshot = { workflowId: "checkout", ...window, bundleVersion: 1, bundle: { version: 1, workflows: [] } };
    const link = await createShareLink(db, { targetPath: "/workflows/checkout", ...window, snapshot });
    expect((await getSnapshot(db, link.snapshotId!)).workflowId).toBe("checkout");

    // Postgres refuses a NUL character in text: the link insert fails after the snapshot insert.
    const snapshotsBefore = await db.snapshot.count();
    await expect(
      createShareLink(db, { targetPath: "/workflows/checkout", ...window, snapshot, createdBy: "nul\u0000" }),
    ).rejects.toThrow();
    expect(await db.snapshot.count()).toBe(snapshotsBefore);
  });

  it("pins evidence as a snapshot and its timeline event together, or neither", async () => {
    const incident = await createIncident(db, {
      title: "Evidence",
      severity: "sev3",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    const snapshot = {
      workflowId: "checkout",
      windowFrom: started,
      windowTo: new Date(started.getTime() + 60_000),
      bundleVersion: 1,
      bundle: { version: 1, workflows: [] },
    };
    const pinned = await addEvidence(db, incident.id, snapshot, {
      at: started,
      kind: "evidence",
      body: "Pinned chart",
      evidenceRef: "panel-depth",
    });
    expect(pinned.event.snapshotId).toBe(pinned.snapshot.id);
    expect(pinned.snapshot.incidentId).toBe(incident.id);

    const snapshotsBefore = await db.snapshot.count();
    await expect(
      addEvidence(db, incident.id, snapshot, { at: started, kind: "evidence", body: "nul\u0000" }),
    ).rejects.toThrow();
    expect(await db.snapshot.count()).toBe(snapshotsBefore);
    expect((await getIncident(db, incident.id)).events).toHaveLength(1);
  });

  it("refuses to store a share link to another site, and refuses to follow one stored anyway", async () => {
    const window = { windowFrom: started, windowTo: new Date(started.getTime() + 900_000) };
    await expect(createShareLink(db, { targetPath: "//evil.com", ...window })).rejects.toBeInstanceOf(
      InvalidTargetPathError,
    );
    // A row from before targets were checked (or written by hand): following it must not redirect.
    const stored = await db.shareLink.create({ data: { slug: "evil2345", targetPath: "/%2F%2Fevil.com", ...window } });
    expect(shareLinkDestination(await getShareLink(db, stored.slug))).toMatchObject({
      kind: "refused",
      problem: expect.stringContaining("encoded /"),
    });
  });

  it("says which thing is missing", async () => {
    const nobody = "00000000-0000-0000-0000-000000000000";
    await expect(getIncident(db, nobody)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addTimelineEvent(db, nobody, { at: started, kind: "note", body: "x" })).rejects.toThrow(
      `incident ${nobody} not found`,
    );
    await expect(getShareLink(db, "nosuchslug")).rejects.toThrow("share link nosuchslug not found");
  });

  it("names the missing row when a write refers to one that does not exist (foreign keys)", async () => {
    const nothing = "9d7e0000-0000-4000-8000-00000000dead";
    const incident = await createIncident(db, {
      title: "Pins",
      severity: "sev3",
      startedAt: started,
      workflowIds: ["checkout"],
    });
    // The incident exists; the snapshot the evidence points at does not.
    await expect(
      addTimelineEvent(db, incident.id, { at: started, kind: "evidence", body: "pinned", snapshotId: nothing }),
    ).rejects.toThrow(`snapshot ${nothing} not found`);
    // Pinning to an incident that does not exist (or was deleted meanwhile).
    const window = {
      workflowId: "checkout",
      windowFrom: started,
      windowTo: new Date(started.getTime() + 60_000),
      bundleVersion: 1,
      bundle: {},
    };
    await expect(createSnapshot(db, { ...window, incidentId: nothing })).rejects.toThrow(
      `incident ${nothing} not found`,
    );
    await expect(
      createShareLink(db, {
        targetPath: "/workflows/checkout",
        windowFrom: started,
        windowTo: window.windowTo,
        snapshotId: nothing,
      }),
    ).rejects.toThrow(`snapshot ${nothing} not found`);
    await expect(
      recordDerivedEvents(db, nothing, [{ at: started, kind: "detected", body: "x", dedupeKey: "k" }]),
    ).rejects.toThrow(`incident ${nothing} not found`);
  });
});

import { beforeAll, beforeEach, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { Prisma } from "@/lib/db/generated/client";
import { recordAlertNotification, type AlertNotificationOptions } from "@/lib/incidents/alertmanager";
import { alertmanagerPayload } from "@/lib/incidents/alertmanager-schema";
import { addTimelineEvent, createIncident, getIncident, updateIncident } from "@/lib/incidents/repository";
import { alert, notification } from "../support/alertmanager-payload";
import { onEachDatabase } from "../support/migrated-database";

// Alertmanager's notifications onto incident timelines, on both databases: an alert opens an
// incident or joins the open one, a repeated or concurrent delivery is stored once (the unique
// external_key index decides, not a read before the write), resolutions never open anything.

const NOW = new Date("2026-11-23T15:00:00Z");
const OPTIONS: AlertNotificationOptions = { workflowIds: ["checkout", "billing"], openIncidents: true, now: NOW };
const DASHBOARD = "https://asyncscope.example.com/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z";

onEachDatabase("Alertmanager notifications", "alertmanager", (database) => {
  let db: PrismaClient;
  beforeAll(() => {
    db = database();
  });
  beforeEach(async () => {
    await db.timelineEvent.deleteMany();
    await db.incident.deleteMany();
  });

  const deliver = (alerts: Array<ReturnType<typeof alert>>, options: Partial<AlertNotificationOptions> = {}) =>
    recordAlertNotification(db, alertmanagerPayload.parse(notification(alerts)), { ...OPTIONS, ...options });

  const openIncident = (title: string, startedAt: string, workflowIds = ["checkout"]) =>
    createIncident(db, { title, severity: "sev3", startedAt: new Date(startedAt), workflowIds, createdBy: "alice" });

  it("opens an incident for a firing alert when its workflow has none open, the alert its first event", async () => {
    const result = await deliver([alert()]);
    expect(result).toMatchObject({ recorded: 1, alreadyRecorded: 0, skipped: 0 });
    expect(result.openedIncidents).toHaveLength(1);
    const [incidentId] = result.openedIncidents;
    expect(result.alerts).toEqual([
      {
        fingerprint: "3f2a9c0d5e6b7a81",
        alertname: "AsyncscopeAcksStopped",
        status: "firing",
        workflowId: "checkout",
        outcome: "recorded",
        incidentId,
        eventId: expect.any(String),
        openedIncident: true,
      },
    ]);
    const incident = await getIncident(db, incidentId!);
    expect(incident).toMatchObject({
      title: "AsyncscopeAcksStopped: Checkout confirmation: no ack on order_confirmed.notification for 5m",
      severity: "sev2",
      status: "investigating",
      startedAt: new Date("2026-11-23T14:03:00.123Z"),
      workflowIds: ["checkout"],
      createdBy: "Alertmanager",
    });
    expect(incident.events).toEqual([
      expect.objectContaining({
        id: result.alerts[0]!.eventId,
        kind: "alert",
        author: "Alertmanager",
        at: new Date("2026-11-23T14:03:00.123Z"),
        body:
          "Alert AsyncscopeAcksStopped firing (critical): Checkout confirmation: no ack on order_confirmed.notification for 5m\n" +
          "Messages wait on order_confirmed.notification and nothing acks them; the workflow page says why.",
        workflowId: "checkout",
        checkId: "acks-progressing",
        link: DASHBOARD,
        externalKey: `alertmanager:3f2a9c0d5e6b7a81:${Date.parse("2026-11-23T14:03:00.123Z")}:firing`,
        dedupeKey: null,
        snapshotId: null,
      }),
    ]);
  });

  it("joins the newest open incident of the workflow, not a resolved one or another workflow's", async () => {
    const older = await openIncident("Orders slow", "2026-11-23T13:00:00Z");
    const newer = await openIncident("Orders stuck", "2026-11-23T14:00:00Z");
    await openIncident("Invoices late", "2026-11-23T14:30:00Z", ["billing"]);
    const resolved = await openIncident("Yesterday's", "2026-11-23T14:45:00Z");
    await updateIncident(db, resolved.id, 1, { status: "resolved" }, "alice", NOW);

    const result = await deliver([alert()]);
    expect(result).toMatchObject({ recorded: 1, openedIncidents: [] });
    expect(result.alerts[0]).toMatchObject({ outcome: "recorded", incidentId: newer.id });
    expect(result.alerts[0]).not.toHaveProperty("openedIncident");
    expect((await getIncident(db, newer.id)).events.map((event) => event.kind)).toEqual(["alert"]);
    expect((await getIncident(db, older.id)).events).toEqual([]);
    expect(await db.incident.count()).toBe(4);
  });

  it("records a repeated delivery once, even after the incident it went to was resolved", async () => {
    const first = await deliver([alert()]);
    const [incidentId] = first.openedIncidents;
    const again = await deliver([alert()]);
    expect(again).toMatchObject({ recorded: 0, alreadyRecorded: 1, skipped: 0, openedIncidents: [] });
    expect(again.alerts[0]).toMatchObject({
      outcome: "already recorded",
      incidentId,
      eventId: first.alerts[0]!.eventId,
    });
    // Alertmanager re-sends a firing alert every repeat_interval: a resolved incident must
    // not come back as a new one for an alert it already holds.
    await updateIncident(db, incidentId!, 1, { status: "resolved" }, "alice", NOW);
    const later = await deliver([alert()]);
    expect(later).toMatchObject({ recorded: 0, alreadyRecorded: 1, openedIncidents: [] });
    expect(await db.incident.count()).toBe(1);
    expect(await db.timelineEvent.count({ where: { kind: "alert" } })).toBe(1);
  });

  it("stores five concurrent deliveries of one alert once, in one incident", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver([alert()])));
    expect(results.map((result) => result.recorded).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(results.map((result) => result.alreadyRecorded).sort()).toEqual([0, 1, 1, 1, 1]);
    expect(await db.incident.count()).toBe(1);
    expect(await db.timelineEvent.count()).toBe(1);
    const incidentIds = new Set(results.map((result) => result.alerts[0]!.incidentId));
    expect(incidentIds.size).toBe(1);
  });

  it("opens one incident for concurrent deliveries of different alerts of one workflow", async () => {
    const results = await Promise.all([
      deliver([alert({ fingerprint: "00000000000000a1" })]),
      deliver([alert({ fingerprint: "00000000000000a2", alertname: "AsyncscopeBacklogGrowing", check: "backlog" })]),
      deliver([
        alert({ fingerprint: "00000000000000a3", alertname: "AsyncscopeConsumerDown", check: "consumers-alive" }),
      ]),
    ]);
    expect(results.flatMap((result) => result.openedIncidents)).toHaveLength(1);
    expect(await db.incident.count()).toBe(1);
    expect(await db.timelineEvent.count()).toBe(3);
  });

  it("is refused by the database when a second event claims a stored external key, on any incident", async () => {
    const first = await deliver([alert()]);
    const other = await openIncident("Another one", "2026-11-23T14:10:00Z", ["billing"]);
    const stored = await db.timelineEvent.findUniqueOrThrow({ where: { id: first.alerts[0]!.eventId! } });
    const error = await addTimelineEvent(db, other.id, {
      at: NOW,
      kind: "alert",
      body: "forged",
      externalKey: stored.externalKey!,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  });

  it("records a resolved alert where its firing went, without resolving the incident", async () => {
    const firing = await deliver([alert()]);
    const [incidentId] = firing.openedIncidents;
    // A newer open incident of the same workflow does not take the resolution away.
    await openIncident("Something else on checkout", "2026-11-23T14:20:00Z");
    const resolved = await deliver([alert({ status: "resolved" })]);
    expect(resolved).toMatchObject({ recorded: 1, openedIncidents: [] });
    expect(resolved.alerts[0]).toMatchObject({ status: "resolved", outcome: "recorded", incidentId });
    const incident = await getIncident(db, incidentId!);
    expect(incident.status).toBe("investigating");
    expect(incident.events.map((event) => [event.at.toISOString(), event.body.split("\n")[0]])).toEqual([
      [
        "2026-11-23T14:03:00.123Z",
        "Alert AsyncscopeAcksStopped firing (critical): Checkout confirmation: no ack on order_confirmed.notification for 5m",
      ],
      [
        "2026-11-23T14:41:30.500Z",
        "Alert AsyncscopeAcksStopped resolved (critical): Checkout confirmation: no ack on order_confirmed.notification for 5m",
      ],
    ]);
    expect((await deliver([alert({ status: "resolved" })])).alreadyRecorded).toBe(1);
  });

  it("skips a resolved alert when no incident of its workflow is open: a resolution opens nothing", async () => {
    const result = await deliver([alert({ status: "resolved" })]);
    expect(result).toMatchObject({ recorded: 0, skipped: 1, openedIncidents: [] });
    expect(result.alerts[0]).toMatchObject({
      outcome: "skipped",
      reason: "no open incident for workflow checkout to record the resolution on (a resolved alert never opens one)",
    });
    expect(await db.incident.count()).toBe(0);
  });

  it("skips alerts for workflows it does not know and records the rest of the notification", async () => {
    const result = await deliver([
      alert({ fingerprint: "00000000000000b1", workflow: "refunds" }),
      alert({ fingerprint: "00000000000000b2", workflow: undefined }),
      alert({ fingerprint: "00000000000000b3" }),
    ]);
    expect(result).toMatchObject({ recorded: 1, skipped: 2 });
    expect(result.alerts.map((one) => [one.fingerprint, one.outcome, one.workflowId, one.reason])).toEqual([
      [
        "00000000000000b1",
        "skipped",
        "refunds",
        'workflow "refunds" is not in the config (configured: checkout, billing)',
      ],
      ["00000000000000b2", "skipped", null, "the alert has no workflow label: it names no workflow of this Asyncscope"],
      ["00000000000000b3", "recorded", "checkout", undefined],
    ]);
  });

  it("answers a notification with nothing applicable with what it skipped, storing nothing", async () => {
    const result = await deliver([alert({ workflow: "refunds" })]);
    expect(result).toMatchObject({ recorded: 0, alreadyRecorded: 0, skipped: 1, openedIncidents: [] });
    expect(await db.timelineEvent.count()).toBe(0);
  });

  it("with ASYNCSCOPE_ALERTS_OPEN_INCIDENTS=false, skips a firing alert that has no open incident to join", async () => {
    const skipped = await deliver([alert()], { openIncidents: false });
    expect(skipped).toMatchObject({ recorded: 0, skipped: 1, openedIncidents: [] });
    expect(skipped.alerts[0]?.reason).toBe(
      "no open incident for workflow checkout, and ASYNCSCOPE_ALERTS_OPEN_INCIDENTS=false",
    );
    expect(await db.incident.count()).toBe(0);
    // …and joins one that people opened.
    const incident = await openIncident("Orders stuck", "2026-11-23T14:00:00Z");
    const joined = await deliver([alert()], { openIncidents: false });
    expect(joined.alerts[0]).toMatchObject({ outcome: "recorded", incidentId: incident.id });
  });

  it("keeps the alert but not a dashboard link that is no page of this app or http(s) URL, and says so", async () => {
    const result = await deliver([alert({ dashboard: "javascript:alert(document.cookie)" })]);
    expect(result.alerts[0]).toMatchObject({
      outcome: "recorded",
      warnings: ["dashboard annotation not linked: its scheme javascript: is not http: or https:"],
    });
    const event = await db.timelineEvent.findUniqueOrThrow({ where: { id: result.alerts[0]!.eventId! } });
    expect(event.link).toBeNull();
  });

  it("opens the incident at the earliest start and the worst severity of the notification's alerts", async () => {
    const result = await deliver([
      alert({ fingerprint: "00000000000000c1", severity: "warning", startsAt: "2026-11-23T14:01:00Z" }),
      alert({
        fingerprint: "00000000000000c2",
        severity: "critical",
        alertname: "AsyncscopeConsumerDown",
        summary: "Checkout confirmation: no consumer on order_confirmed.notification",
        startsAt: "2026-11-23T14:02:00Z",
      }),
    ]);
    expect(result.openedIncidents).toHaveLength(1);
    expect(await getIncident(db, result.openedIncidents[0]!)).toMatchObject({
      title: "AsyncscopeConsumerDown: Checkout confirmation: no consumer on order_confirmed.notification",
      severity: "sev2",
      startedAt: new Date("2026-11-23T14:01:00Z"),
    });
  });
});

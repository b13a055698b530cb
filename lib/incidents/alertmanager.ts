import "server-only";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { IncidentSeverity } from "@/lib/db/generated/enums";
import { ALERT_AUTHOR, planAlert, type AlertStatus, type PlannedAlert } from "./alert-events";
import type { AlertmanagerPayload } from "./alertmanager-schema";
import { createIncident, recordExternalEvents } from "./repository";

// An Alertmanager notification onto incident timelines (docs/alerting-incidents.md). Each
// alert that names a configured workflow becomes an `alert` event on that workflow's open
// incident; a firing alert with none opens one (unless switched off). Alertmanager repeats a
// notification every repeat_interval and retries failed ones, and several instances of it
// (or of Asyncscope) deliver at once: an alert instance in one status is stored once, which
// the unique external_key index guarantees whatever happens concurrently. The advisory lock
// only keeps two deliveries from each opening an incident for the same workflow.

export interface AlertNotificationOptions {
  /** The workflows in the config: an alert naming another one is skipped. */
  workflowIds: readonly string[];
  /** ASYNCSCOPE_ALERTS_OPEN_INCIDENTS: may a firing alert open an incident? */
  openIncidents: boolean;
  now?: Date;
}

export interface AlertOutcome {
  fingerprint: string;
  alertname: string;
  status: AlertStatus;
  workflowId: string | null;
  outcome: "recorded" | "already recorded" | "skipped";
  incidentId?: string;
  eventId?: string;
  /** The incident was opened by this notification. */
  openedIncident?: boolean;
  /** Why it was skipped. */
  reason?: string;
  warnings?: string[];
}

export interface AlertNotificationResult {
  recorded: number;
  alreadyRecorded: number;
  skipped: number;
  openedIncidents: string[];
  /** One per alert, in the notification's order. */
  alerts: AlertOutcome[];
}

/** Deliveries wait for each other here; storing a few hundred events takes well under this. */
const TRANSACTION = { maxWait: 15_000, timeout: 30_000 };
const LOCK_NAME = "asyncscope alertmanager webhook";

/** A key the lock should have kept free was taken meanwhile: roll back (and any incident opened) and redo. */
class KeyTakenMeanwhileError extends Error {
  constructor(keys: string[]) {
    super(`alert events recorded by another writer meanwhile: ${keys.join(", ")}`);
    this.name = "KeyTakenMeanwhileError";
  }
}

export async function recordAlertNotification(
  db: PrismaClient,
  payload: AlertmanagerPayload,
  options: AlertNotificationOptions,
): Promise<AlertNotificationResult> {
  const now = options.now ?? new Date();
  const plans = payload.alerts.map((alert, index) =>
    planAlert(alert, index, { workflowIds: options.workflowIds, now }),
  );
  const outcomes = new Map<number, AlertOutcome>();
  for (const plan of plans) {
    if (!("skipped" in plan)) continue;
    const { index, ...skipped } = plan.skipped;
    outcomes.set(index, { ...skipped, outcome: "skipped" });
  }
  const toStore = plans.flatMap((plan) => ("planned" in plan ? [plan.planned] : []));
  let openedIncidents: string[] = [];
  if (toStore.length > 0) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const stored = await db.$transaction((tx) => storeAlerts(tx, toStore, options.openIncidents), TRANSACTION);
        for (const [index, outcome] of stored.outcomes) outcomes.set(index, outcome);
        openedIncidents = stored.openedIncidents;
        break;
      } catch (error) {
        if (!(error instanceof KeyTakenMeanwhileError) || attempt >= 3) throw error;
        console.warn(`[alertmanager] ${error.message}; trying again (attempt ${attempt + 1})`);
      }
    }
  }
  const alerts = payload.alerts.map((_, index) => outcomes.get(index)!);
  const count = (outcome: AlertOutcome["outcome"]) => alerts.filter((alert) => alert.outcome === outcome).length;
  return {
    recorded: count("recorded"),
    alreadyRecorded: count("already recorded"),
    skipped: count("skipped"),
    openedIncidents,
    alerts,
  };
}

const SEVERITY_RANK: Record<IncidentSeverity, number> = { sev1: 1, sev2: 2, sev3: 3, sev4: 4 };

async function storeAlerts(
  tx: Prisma.TransactionClient,
  plans: readonly PlannedAlert[],
  openIncidents: boolean,
): Promise<{ outcomes: Map<number, AlertOutcome>; openedIncidents: string[] }> {
  // One delivery at a time from here to the commit: the next one sees this one's incidents and
  // events. Held for a few queries; alert traffic is a few notifications a minute.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK_NAME}))`;

  const keys = [...new Set(plans.flatMap((plan) => [plan.key, plan.firingKey]))];
  const known = new Map(
    (
      await tx.timelineEvent.findMany({
        where: { externalKey: { in: keys } },
        select: { id: true, incidentId: true, externalKey: true },
      })
    ).map((row) => [row.externalKey!, row]),
  );

  // The open incidents of each workflow, newest first, locked until the commit so nobody
  // resolves one between choosing it and adding to it.
  const openBefore = new Map<string, string>();
  const openIds = new Set<string>();
  for (const workflowId of [...new Set(plans.map((plan) => plan.workflowId))].sort()) {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM incident
      WHERE status <> 'resolved' AND ${workflowId} = ANY(workflow_ids)
      ORDER BY started_at DESC, created_at DESC
      FOR UPDATE`;
    if (rows[0]) openBefore.set(workflowId, rows[0].id);
    for (const row of rows) openIds.add(row.id);
  }
  const openNow = new Map(openBefore);

  const outcomes = new Map<number, AlertOutcome>();
  const openedIncidents: string[] = [];
  const pending: Array<{ plan: PlannedAlert; incidentId: string; opened: boolean }> = [];
  const pendingKeys = new Set<string>();
  const fresh = plans.filter((plan) => !known.has(plan.key));
  const outcomeOf = (plan: PlannedAlert) => ({
    fingerprint: plan.fingerprint,
    alertname: plan.alertname,
    status: plan.status,
    workflowId: plan.workflowId,
    ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}),
  });

  for (const plan of plans) {
    const prior = known.get(plan.key);
    if (prior) {
      outcomes.set(plan.index, {
        ...outcomeOf(plan),
        outcome: "already recorded",
        incidentId: prior.incidentId,
        eventId: prior.id,
      });
      continue;
    }
    if (pendingKeys.has(plan.key)) continue; // the same alert twice in one notification: settled below
    let incidentId: string | undefined;
    let opened = false;
    if (plan.status === "firing") {
      incidentId = openNow.get(plan.workflowId);
      if (!incidentId) {
        if (!openIncidents) {
          outcomes.set(plan.index, {
            ...outcomeOf(plan),
            outcome: "skipped",
            reason: `no open incident for workflow ${plan.workflowId}, and ASYNCSCOPE_ALERTS_OPEN_INCIDENTS=false`,
          });
          continue;
        }
        incidentId = (await openIncidentFor(tx, plan.workflowId, fresh)).id;
        openNow.set(plan.workflowId, incidentId);
        openedIncidents.push(incidentId);
        opened = true;
      }
    } else {
      // Where its firing went, if that incident is still open; else the workflow's open one. A
      // resolution never opens an incident, nor joins one this notification opened.
      const firing = known.get(plan.firingKey);
      incidentId = firing && openIds.has(firing.incidentId) ? firing.incidentId : openBefore.get(plan.workflowId);
      if (!incidentId) {
        outcomes.set(plan.index, {
          ...outcomeOf(plan),
          outcome: "skipped",
          reason: `no open incident for workflow ${plan.workflowId} to record the resolution on (a resolved alert never opens one)`,
        });
        continue;
      }
    }
    pending.push({ plan, incidentId, opened });
    pendingKeys.add(plan.key);
  }

  const ids = await recordExternalEvents(
    tx,
    pending.map(({ plan, incidentId }) => ({
      incidentId,
      event: {
        at: plan.at,
        kind: "alert",
        author: ALERT_AUTHOR,
        body: plan.body,
        workflowId: plan.workflowId,
        ...(plan.checkId ? { checkId: plan.checkId } : {}),
        ...(plan.link ? { link: plan.link } : {}),
        externalKey: plan.key,
      },
    })),
  );
  const taken = pending.filter(({ plan }) => !ids.has(plan.key)).map(({ plan }) => plan.key);
  if (taken.length > 0) throw new KeyTakenMeanwhileError(taken);

  const byKey = new Map(pending.map((entry) => [entry.plan.key, entry]));
  for (const plan of plans) {
    if (outcomes.has(plan.index)) continue;
    const entry = byKey.get(plan.key)!;
    const first = entry.plan === plan;
    outcomes.set(plan.index, {
      ...outcomeOf(plan),
      outcome: first ? "recorded" : "already recorded",
      incidentId: entry.incidentId,
      eventId: ids.get(plan.key)!,
      ...(first && entry.opened ? { openedIncident: true } : {}),
    });
  }
  return { outcomes, openedIncidents };
}

/**
 * Opens an incident for `workflowId` from the firing alerts of this notification: started when
 * the earliest of them started, as severe as the most severe, titled after that one.
 */
async function openIncidentFor(tx: Prisma.TransactionClient, workflowId: string, fresh: readonly PlannedAlert[]) {
  const firing = fresh.filter((plan) => plan.workflowId === workflowId && plan.status === "firing");
  const startedAt = new Date(Math.min(...firing.map((plan) => plan.startsAt.getTime())));
  const worst = [...firing].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.startsAt.getTime() - b.startsAt.getTime(),
  )[0]!;
  return createIncident(tx, {
    title: worst.title,
    severity: worst.severity,
    startedAt,
    workflowIds: [workflowId],
    createdBy: ALERT_AUTHOR,
  });
}

/** One line for the server log: what a notification did, and why anything was skipped. */
export function describeNotification(payload: AlertmanagerPayload, result: AlertNotificationResult): string {
  const skipped = result.alerts
    .filter((alert) => alert.outcome === "skipped")
    .map((alert) => `${alert.alertname} ${alert.fingerprint}: ${alert.reason}`);
  return (
    `notification ${JSON.stringify(payload.groupKey.slice(0, 200))} from receiver ${JSON.stringify(payload.receiver.slice(0, 100))}: ` +
    `${result.recorded} recorded, ${result.alreadyRecorded} already recorded, ${result.skipped} skipped` +
    (result.openedIncidents.length > 0 ? `, opened incident ${result.openedIncidents.join(", ")}` : "") +
    (skipped.length > 0 ? ` (skipped: ${skipped.slice(0, 5).join("; ")}${skipped.length > 5 ? "; …" : ""})` : "")
  );
}

import type { IncidentSeverity } from "@/lib/db/generated/enums";
import type { AlertmanagerAlert } from "./alertmanager-schema";
import { eventLinkProblem, safeEventLink } from "./event-link";

// What one alert of an Alertmanager notification becomes on a timeline: the event's text,
// time, key and link, or why it is skipped. Pure: alertmanager.ts decides which incident it
// goes to and stores it. Labels and annotations are whatever a rule template produced, so
// text is cut to size and to one line where it is a title, and links pass event-link.ts.

/** The author of events and incidents that come from Alertmanager: nobody may sign as it (identity.ts). */
export const ALERT_AUTHOR = "Alertmanager";

export type AlertStatus = AlertmanagerAlert["status"];

export interface PlannedAlert {
  /** Position in the notification's alerts. */
  index: number;
  fingerprint: string;
  alertname: string;
  status: AlertStatus;
  workflowId: string;
  checkId?: string;
  startsAt: Date;
  /** Firing: startsAt. Resolved: endsAt (now when Alertmanager sent none that makes sense). */
  at: Date;
  /** The event's external key: this alert instance (fingerprint and start) in this status. */
  key: string;
  /** The key its firing event has (for a resolved alert: where the firing was recorded). */
  firingKey: string;
  body: string;
  link?: string;
  /** For an incident this alert opens. */
  title: string;
  severity: IncidentSeverity;
  /** Recorded anyway, but not all of it (a dashboard link that was refused). */
  warnings: string[];
}

export interface SkippedAlert {
  index: number;
  fingerprint: string;
  alertname: string;
  status: AlertStatus;
  workflowId: string | null;
  reason: string;
}

export type AlertPlan = { planned: PlannedAlert } | { skipped: SkippedAlert };

/** The same bounds the incident API puts on times: not before 2000, at most a day ahead. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600_000;

const CHECK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Control characters, line and paragraph separators, bidi overrides and isolates. */
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;
/** The same, except line breaks and tabs, which free text may hold. */
const NOT_FREE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

function cut(text: string, max: number): string {
  const chars = Array.from(text); // by code point: never half a surrogate pair
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

function oneLine(text: string, max: number): string {
  return cut(text.replace(NOT_ONE_LINE, " ").replace(/\s+/g, " ").trim(), max);
}

function freeText(text: string, max: number): string {
  return cut(text.replace(/\r\n?/g, "\n").replace(NOT_FREE_TEXT, "").trim(), max);
}

/** The alert's severity label as an incident's: critical → sev2, warning → sev3, sev1–sev4 as they are, else sev4. */
export function incidentSeverityOf(severity: string | undefined): IncidentSeverity {
  const label = severity?.trim().toLowerCase();
  if (label === "sev1" || label === "sev2" || label === "sev3" || label === "sev4") return label;
  if (label === "critical") return "sev2";
  if (label === "warning") return "sev3";
  return "sev4";
}

/** "alertmanager:3f2a9c0d5e6b7a81:1795442580000:firing" — no "/", so never read as a derived key. */
export function alertKey(fingerprint: string, startsAt: Date, status: AlertStatus): string {
  return `alertmanager:${fingerprint}:${startsAt.getTime()}:${status}`;
}

function plausible(date: Date, now: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_MS && ms <= now.getTime() + FUTURE_SLACK_MS;
}

export function planAlert(
  alert: AlertmanagerAlert,
  index: number,
  context: { workflowIds: readonly string[]; now: Date },
): AlertPlan {
  const alertname = oneLine(alert.labels.alertname ?? "", 200) || "(no alertname)";
  const workflowLabel = alert.labels.workflow;
  const base = { index, fingerprint: alert.fingerprint, alertname, status: alert.status };
  const skip = (workflowId: string | null, reason: string): AlertPlan => ({
    skipped: { ...base, workflowId, reason },
  });
  if (workflowLabel === undefined || workflowLabel === "")
    return skip(null, "the alert has no workflow label: it names no workflow of this Asyncscope");
  if (!context.workflowIds.includes(workflowLabel)) {
    const shown = oneLine(workflowLabel, 80);
    return skip(
      shown,
      `workflow "${shown}" is not in the config (configured: ${context.workflowIds.join(", ") || "none"})`,
    );
  }
  if (!plausible(alert.startsAt, context.now))
    return skip(
      workflowLabel,
      `startsAt ${alert.startsAt.toISOString()} is before 2000 or more than a day ahead (check the clocks)`,
    );
  // A resolved alert's endsAt is when it resolved; anything odd there is replaced by now
  // rather than dropping the resolution.
  const endsAt = alert.endsAt;
  const at =
    alert.status === "firing"
      ? alert.startsAt
      : endsAt.getTime() >= alert.startsAt.getTime() && plausible(endsAt, context.now)
        ? endsAt
        : context.now;

  const warnings: string[] = [];
  const severityLabel = oneLine(alert.labels.severity ?? "", 40);
  const summary = oneLine(alert.annotations.summary ?? "", 500);
  const description = freeText(alert.annotations.description ?? "", 2000);
  const head = `Alert ${alertname} ${alert.status}${severityLabel ? ` (${severityLabel})` : ""}`;
  const body = [summary ? `${head}: ${summary}` : head, description && description !== summary ? description : ""]
    .filter(Boolean)
    .join("\n");

  const check = alert.labels.check;
  let checkId: string | undefined;
  if (check !== undefined && check !== "") {
    if (CHECK_ID.test(check)) checkId = check;
    else warnings.push(`check label "${oneLine(check, 80)}" is not a check id ([a-z0-9-], at most 64); not stored`);
  }
  const dashboard = alert.annotations.dashboard;
  let link: string | undefined;
  if (dashboard !== undefined && dashboard !== "") {
    const problem = eventLinkProblem(dashboard);
    link = safeEventLink(dashboard);
    if (problem) warnings.push(`dashboard annotation not linked: ${problem}`);
  }

  return {
    planned: {
      ...base,
      workflowId: workflowLabel,
      ...(checkId ? { checkId } : {}),
      startsAt: alert.startsAt,
      at,
      key: alertKey(alert.fingerprint, alert.startsAt, alert.status),
      firingKey: alertKey(alert.fingerprint, alert.startsAt, "firing"),
      body,
      ...(link ? { link } : {}),
      title: oneLine(summary ? `${alertname}: ${summary}` : alertname, 200),
      severity: incidentSeverityOf(alert.labels.severity),
      warnings,
    },
  };
}

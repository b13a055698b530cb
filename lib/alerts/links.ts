// The links an alert carries back into Asyncscope: the workflow page around the time the
// alert was evaluated (absolute from/to, so the link keeps showing that window), and the
// check's place on it as the runbook unless the team has its own runbooks.
import { templateLiteral, type AlertRule } from "./rules";

export interface LinkOptions {
  /** Where people open Asyncscope (ASYNCSCOPE_PUBLIC_URL), without a trailing slash. */
  baseUrl: string;
  /** A runbook URL with {workflow} and {check} placeholders; default: the check on the page. */
  runbookUrl?: string;
}

/** How far the dashboard link's window reaches before and after the evaluation. */
export const DASHBOARD_BEFORE_S = 3600;
export const DASHBOARD_AFTER_S = 900;

/** A Prometheus template printing `time() + offset` as RFC 3339 in UTC, which the page parses. */
function evalTimeTemplate(offsetSeconds: number): string {
  const expr = offsetSeconds < 0 ? `time() - ${-offsetSeconds}` : `time() + ${offsetSeconds}`;
  return `{{ with query "${expr}" }}{{ (. | first | value | toTime).UTC.Format "2006-01-02T15:04:05Z" }}{{ end }}`;
}

export function workflowPath(workflowId: string): string {
  return `/workflows/${encodeURIComponent(workflowId)}`;
}

/** Prometheus: the page from an hour before the evaluation to 15 minutes after. */
export function prometheusDashboardUrl(options: LinkOptions, workflowId: string): string {
  return `${templateLiteral(options.baseUrl)}${workflowPath(workflowId)}?from=${evalTimeTemplate(-DASHBOARD_BEFORE_S)}&to=${evalTimeTemplate(DASHBOARD_AFTER_S)}`;
}

/**
 * Grafana's annotation templates cannot compute a time: the link opens the last hour, and a
 * notification template can add the alert's .StartsAt (docs/alerting.md).
 */
export function grafanaDashboardUrl(options: LinkOptions, workflowId: string): string {
  return `${templateLiteral(options.baseUrl)}${workflowPath(workflowId)}?range=1h`;
}

/** The runbook link, a template itself where the check comes from the series. */
export function runbookUrl(options: LinkOptions, workflowId: string, rule: AlertRule): string {
  const check = rule.check ?? "{{ $labels.check }}";
  // The operator's text is a literal in the template: "{{" in it must not start an action.
  const pattern = options.runbookUrl
    ? templateLiteral(options.runbookUrl).replaceAll("{workflow}", encodeURIComponent(workflowId))
    : `${templateLiteral(options.baseUrl)}${workflowPath(workflowId)}#check-{check}`;
  return pattern.replaceAll("{check}", check);
}

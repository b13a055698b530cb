// LogQL built from the configured selector, field names and values. Label names are sanitised
// the way Loki does it for OTel attributes and `| json` keys (service.name → service_name);
// values are Go string literals (JSON.stringify writes a subset) and regex-escaped where they
// go into =~, which Loki anchors at both ends. See https://grafana.com/docs/loki/latest/query/
import type { LogFieldNames, LogsSourceConfig } from "../config";
import { ERROR_WARN_WORDS } from "../level";

export const labelName = (field: string): string => field.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(\d)/, "_$1");
const quote = (value: string): string => JSON.stringify(value);
const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const anyOf = (values: readonly string[]): string => quote(values.map(escapeRegex).join("|"));

type Cfg = Pick<LogsSourceConfig, "query" | "traceIdIn"> & { fields: LogFieldNames };

/**
 * The selector, with `| json` when the lines are JSON (traceIdIn: json) so their fields become
 * labels. A line that is not JSON gets `__error__`, which fails a metric query ("pipeline
 * error"). Looking up trace ids, such a line can hold none, so it is dropped; counting a
 * service's lines, it is kept (a crashing process's plain-text stack trace is a line too) and
 * only the error label goes.
 */
function base(cfg: Cfg, nonJson: "filter" | "keep"): string {
  if (cfg.traceIdIn !== "json") return cfg.query ?? "{}";
  return `${cfg.query ?? "{}"} | json${nonJson === "filter" ? ' | __error__=""' : " | drop __error__, __error_details__"}`;
}

export function traceLinesQuery(cfg: Cfg, traceIds: readonly string[]): string {
  return `${base(cfg, "filter")} | ${labelName(cfg.fields.traceId)}=~${anyOf(traceIds)}`;
}

function ofServices(cfg: Cfg, services: readonly string[]): string {
  return `${base(cfg, "keep")} | ${labelName(cfg.fields.service)}=~${anyOf(services)}`;
}

/** Lines per step, service and level: each point counts the `step` seconds that end at it. */
export function countsQuery(cfg: Cfg, services: readonly string[], stepSeconds: number): string {
  const by = `${labelName(cfg.fields.service)}, ${labelName(cfg.fields.level)}`;
  return `sum by (${by}) (count_over_time(${ofServices(cfg, services)} [${stepSeconds}s]))`;
}

export function serviceLinesQuery(cfg: Cfg, service: string): string {
  return `${base(cfg, "keep")} | ${labelName(cfg.fields.service)}=${quote(service)}`;
}

/** Error and warning lines of the services, levels matched case-insensitively. */
export function errorWarnLinesQuery(cfg: Cfg, services: readonly string[]): string {
  return `${ofServices(cfg, services)} | ${labelName(cfg.fields.level)}=~${quote(`(?i)(${ERROR_WARN_WORDS.join("|")})`)}`;
}

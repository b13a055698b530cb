// Writes workflows' rules as Grafana alerting file provisioning (apiVersion 1): one rule group
// per workflow in an "Asyncscope" folder. Each rule queries the same PromQL as the Prometheus
// rule file; the comparison lives in the PromQL, so any series it returns is a firing alert
// (the threshold below only turns "a series came back" into Grafana's condition), and an empty
// answer is OK: missing data pages through the source-data rules, as in the Prometheus file.
import { createHash } from "node:crypto";
import { Document } from "yaml";
import { grafanaDashboardUrl, runbookUrl, type LinkOptions } from "./links";
import { notRuleLines, promDuration, ruleLabels } from "./prometheus-file";
import type { AlertRule, WorkflowRules } from "./rules";

export interface GrafanaOptions {
  /** The uid of the Grafana data source that queries the Prometheus the rules read. */
  datasourceUid?: string;
  /** The folder the rules are provisioned into. */
  folder?: string;
}

export const DEFAULT_DATASOURCE_UID = "prometheus";

/** Prometheus' $value is Grafana's $values.A.Value (the query's refId). */
export function grafanaTemplate(text: string): string {
  return text.replaceAll("$value", "$values.A.Value");
}

/** Stable across exports (Grafana updates a rule in place by uid), at most 40 characters. */
function ruleUid(workflowId: string, rule: AlertRule): string {
  const hash = createHash("sha256")
    .update(`${workflowId}\0${rule.alert}\0${rule.severity}\0${JSON.stringify(rule.labels ?? {})}`)
    .digest("hex");
  return `asyncscope-${hash.slice(0, 24)}`;
}

function ruleTitle(workflowId: string, rule: AlertRule): string {
  const extra = Object.values(rule.labels ?? {});
  return `${workflowId}: ${rule.alert} (${[rule.severity, ...extra].join(", ")})`;
}

export function grafanaRuleFile(
  workflows: readonly WorkflowRules[],
  options: GrafanaOptions & LinkOptions,
  header: string,
): string {
  const datasourceUid = options.datasourceUid ?? DEFAULT_DATASOURCE_UID;
  const doc = new Document({
    apiVersion: 1,
    groups: workflows.map((workflow) => ({
      orgId: 1,
      name: `asyncscope-${workflow.workflowId}`,
      folder: options.folder ?? "Asyncscope",
      interval: "30s",
      rules: workflow.rules.map((rule) => ({
        uid: ruleUid(workflow.workflowId, rule),
        title: ruleTitle(workflow.workflowId, rule),
        condition: "B",
        data: [
          {
            refId: "A",
            relativeTimeRange: { from: 900, to: 0 },
            datasourceUid,
            model: { refId: "A", expr: rule.expr, instant: true, range: false },
          },
          {
            refId: "B",
            datasourceUid: "__expr__",
            model: {
              refId: "B",
              type: "threshold",
              expression: "A",
              conditions: [{ evaluator: { type: "gt", params: [-1] } }],
            },
          },
        ],
        noDataState: "OK",
        execErrState: "Error",
        for: promDuration(rule.forSeconds),
        labels: ruleLabels(workflow.workflowId, rule),
        annotations: {
          summary: grafanaTemplate(rule.summary),
          description: grafanaTemplate(rule.description),
          runbook_url: runbookUrl(options, workflow.workflowId, rule),
          dashboard: grafanaDashboardUrl(options, workflow.workflowId),
        },
        isPaused: false,
      })),
    })),
  });
  doc.commentBefore = [
    header,
    ` Grafana alerting file provisioning: put this file under provisioning/alerting/.`,
    ...workflows.flatMap((workflow) => notRuleLines(workflow).map((line) => ` ${workflow.workflowId}:${line}`)),
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

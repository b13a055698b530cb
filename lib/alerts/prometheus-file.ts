// Writes workflows' rules as a Prometheus rule file: one group per workflow, each rule with
// the labels Alertmanager routes on (workflow, check, severity) and links back to the page.
// What could not be a rule is said in comments above its group, so nobody mistakes its
// absence for coverage.
import { Document, YAMLMap, YAMLSeq } from "yaml";
import { prometheusDashboardUrl, runbookUrl, type LinkOptions } from "./links";
import type { AlertRule, WorkflowRules } from "./rules";
import { ruleGroupName } from "./group-name";

/** Prometheus durations ("90s" reads the same as "1m30s"; whole minutes read as minutes). */
export function promDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

export function ruleLabels(workflowId: string, rule: AlertRule): Record<string, string> {
  return {
    workflow: workflowId,
    ...(rule.check ? { check: rule.check } : {}),
    severity: rule.severity,
    ...rule.labels,
  };
}

/** "Not a rule" lines for a group's comment. */
export function notRuleLines(workflow: WorkflowRules): string[] {
  return workflow.notRules.map((n) =>
    n.skippedAlert ? ` skipped: ${n.check}: ${n.reason}.` : ` not a rule: ${n.check}: ${n.reason}.`,
  );
}

export function prometheusRuleFile(workflows: readonly WorkflowRules[], options: LinkOptions, header: string): string {
  const doc = new Document({
    groups: workflows.map((workflow) => ({
      name: ruleGroupName(workflow.workflowId),
      rules: workflow.rules.map((rule) => ({
        alert: rule.alert,
        expr: rule.expr,
        for: promDuration(rule.forSeconds),
        labels: ruleLabels(workflow.workflowId, rule),
        annotations: {
          summary: rule.summary,
          description: rule.description,
          runbook_url: runbookUrl(options, workflow.workflowId, rule),
          dashboard: prometheusDashboardUrl(options, workflow.workflowId),
        },
      })),
    })),
  });
  doc.commentBefore = header;
  const groups = doc.get("groups") as YAMLSeq<YAMLMap>;
  workflows.forEach((workflow, index) => {
    const lines = [
      ` ${workflow.workflowName}: ${workflow.rules.length} rules.`,
      ...notRuleLines(workflow),
      ` What is not a rule pages through asyncscope_check_status (Asyncscope's /api/metrics): the AsyncscopeCheck* rules.`,
    ];
    groups.items[index]!.commentBefore = lines.join("\n");
  });
  return doc.toString({ lineWidth: 0 });
}

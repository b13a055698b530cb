// The name of a workflow's rule group in an exported Prometheus rule file: what Prometheus lists
// under /api/v1/rules, and what the lab waits for after loading the export.
export const ruleGroupName = (workflowId: string): string => `asyncscope-${workflowId}`;

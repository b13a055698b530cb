// The workflow's checks as alert rules, to copy or download (GET /api/workflows/{id}/alert-rules).
// A server component: the disclosure's explanation is HTML, not JavaScript; the controls that
// fetch and copy the rules (alert-rules-body.tsx) mount when someone opens it (issue 11's size).
import { AlertRulesDisclosure } from "./alert-rules-disclosure";

export function AlertRulesPanel({ workflowId }: { workflowId: string }) {
  return (
    <AlertRulesDisclosure workflowId={workflowId}>
      <p className="max-w-3xl text-slate-600 dark:text-slate-400">
        These checks as alert rules for the Prometheus or Grafana the team already runs, so they page at 2 AM instead of
        waiting for someone to look. Each alert links back here, to the window it fired in. Trace checks cannot be
        PromQL: they alert through <code>asyncscope_check_status</code> on <code>/api/metrics</code>. See
        docs/alerting.md.
      </p>
    </AlertRulesDisclosure>
  );
}

import type { ChecklistStep, WorkflowHealth } from "@/lib/analysis/types";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimedText } from "@/components/ui/timed-text";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { checklistStepAnchor } from "@/lib/view/anchors";
import { CHECK_PANEL } from "./verdict-header";

/** Where on this page each step's proof is. */
const STEP_PANELS: Record<ChecklistStep["id"], Array<{ label: string; panel: string }>> = {
  metrics: [
    { label: "Publish vs ack", panel: "panel-throughput" },
    { label: "Depth", panel: "panel-depth" },
    { label: "Oldest message", panel: "panel-age" },
    { label: "Dead letters", panel: "panel-dlq" },
  ],
  traces: [
    { label: "Completeness", panel: "panel-traces" },
    { label: "Traces with findings", panel: "panel-trace-list" },
  ],
  logs: [
    { label: "Errors and warnings", panel: "panel-logs" },
    { label: "Trace lines", panel: "panel-trace-list" },
  ],
  "async-path": [
    { label: "Consumers over time", panel: "panel-consumers" },
    { label: "Who consumes", panel: "panel-consumer-list" },
  ],
};

const ANSWER_PANEL: Record<string, string> = {
  "Produced?": "panel-throughput",
  "Consumed?": "panel-throughput",
  "Consumer alive (and the right one)?": "panel-consumer-list",
};

/** The panel that proves an answer; the depth question is worded in the broker's terms ("Queue depth?"). */
function answerPanel(question: string): string | undefined {
  return ANSWER_PANEL[question] ?? (question.endsWith(" depth?") ? "panel-depth" : undefined);
}

/** The guided checklist: the debugging loop, each step judged and linked to its proof. */
export function Checklist({
  checklist,
  checks,
  stale = false,
  zone,
}: {
  checklist: ChecklistStep[];
  checks: WorkflowHealth["checks"];
  zone: TimeZoneChoice;
  /** The live page cannot refresh: an ok from then is not shown as ok now (see VerdictHeader). */
  stale?: boolean;
}) {
  const shown = (status: ChecklistStep["status"]) => (stale && status === "ok" ? "unknown" : status);
  return (
    <nav aria-labelledby="checklist-title" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="checklist-title" className="font-medium">
        Guided checklist
      </h2>
      <p className="text-xs text-muted">Metrics, then traces, then logs, then the async path.</p>
      <ol className="mt-3 space-y-4" aria-label="Checklist steps">
        {checklist.map((step) => (
          <li
            key={step.id}
            id={checklistStepAnchor(step.id)}
            data-step={step.id}
            className="scroll-mt-4 border-l-2 border-slate-200 pl-3 target:border-violet-500 target:bg-violet-500/10 dark:border-slate-700"
          >
            <div className="flex items-start gap-2">
              <StatusBadge status={shown(step.status)} />
              <h3 className="text-sm font-medium">
                {step.order}. {step.title}
              </h3>
            </div>
            {step.answers.length > 0 ? (
              <dl className="mt-2 space-y-1 text-xs">
                {step.answers.map((a) => (
                  <div key={a.question} data-answer={a.question}>
                    <dt className="flex items-center gap-1 font-medium">
                      <StatusBadge status={shown(a.status)} />
                      <a
                        href={`#${answerPanel(a.question) ?? "panel-throughput"}`}
                        className="underline decoration-dotted underline-offset-2"
                      >
                        {a.question}
                      </a>
                    </dt>
                    <dd className="mt-0.5 text-slate-700 dark:text-slate-300">
                      <TimedText text={a.answer} zone={zone} />
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {step.rulesIn.length > 0 ? (
              <ul className="mt-2 space-y-1 text-xs" aria-label={`Step ${step.order} findings`}>
                {step.rulesIn.map((r) => (
                  <li key={r} className="text-status-critical">
                    <TimedText text={r} zone={zone} />
                  </li>
                ))}
              </ul>
            ) : null}
            {step.id !== "async-path" && step.rulesIn.length === 0 && step.evidence.length > 0 ? (
              <ul className="mt-2 space-y-1 text-xs text-slate-600 dark:text-slate-400">
                {step.evidence.slice(0, 4).map((e) => (
                  <li key={e}>
                    <TimedText text={e} zone={zone} />
                  </li>
                ))}
              </ul>
            ) : null}
            {step.rulesOut.length > 0 ? (
              <details className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                <summary className="cursor-pointer">Ruled out ({step.rulesOut.length})</summary>
                <ul className="mt-1 list-disc pl-4">
                  {step.rulesOut.map((r) => (
                    <li key={r}>
                      <TimedText text={r} zone={zone} />
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            <p className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs">
              <span className="text-muted">Proof:</span>
              {STEP_PANELS[step.id].map((p) => (
                <a key={p.panel} href={`#${p.panel}`} className="text-sky-700 underline dark:text-sky-400">
                  {p.label}
                </a>
              ))}
              {step.checks
                .filter((id) => checks.find((c) => c.id === id && (c.status === "critical" || c.status === "warning")))
                .map((id) => (
                  <a
                    key={id}
                    href={`#check-${id}`}
                    className="text-sky-700 underline dark:text-sky-400"
                    data-goto={CHECK_PANEL[id]}
                  >
                    {id}
                  </a>
                ))}
            </p>
            {step.next.length > 0 ? (
              <ul className="mt-1 space-y-0.5 text-xs">
                {step.next.map((n) => (
                  <li key={n.url}>
                    <a
                      href={n.url}
                      target="_blank"
                      rel="noreferrer"
                      className="text-sky-700 underline dark:text-sky-400"
                    >
                      {n.label} ↗
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

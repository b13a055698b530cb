import type { WorkflowHealth } from "@/lib/analysis/types";
import { StatusBadge } from "@/components/ui/status-badge";

/** A workflow's verdict, checks and checklist as plain HTML (for snapshots and shared links). */
export function HealthReport({ health }: { health: WorkflowHealth }) {
  const failing = health.checks.filter((check) => check.status !== "ok");
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{health.workflow.name}</h1>
        <StatusBadge status={health.status} />
      </div>
      <p className="text-sm">{health.summary}</p>
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading" className="mb-2 font-medium">Sources at the time</h2>
        <ul className="text-sm">
          {health.sources.map((source) => (
            <li key={source.name}><span className="font-medium">{source.name}</span>: {source.status} — {source.message}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="checklist-heading">
        <h2 id="checklist-heading" className="mb-2 font-medium">Guided checklist</h2>
        <ol className="flex flex-col gap-3">
          {[...health.checklist].sort((a, b) => a.order - b.order).map((step) => (
            <li key={step.id} id={`checklist-${step.id}`} className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
              <div className="flex items-center gap-2">
                <span className="font-medium">{step.order}. {step.title}</span>
                <StatusBadge status={step.status} />
              </div>
              <ul className="mt-2 list-disc pl-5">
                {step.answers.map((answer) => <li key={answer.question}>{answer.question} <strong>{answer.answer}</strong></li>)}
              </ul>
              {step.rulesIn.length > 0 ? <p className="mt-1 text-xs">Rules in: {step.rulesIn.join("; ")}</p> : null}
              {step.rulesOut.length > 0 ? <p className="text-xs">Rules out: {step.rulesOut.join("; ")}</p> : null}
              {step.next.length > 0 ? (
                <p className="mt-1 flex flex-wrap gap-3 text-xs">
                  {step.next.map((link) => <a key={link.url} className="underline" href={link.url}>{link.label}</a>)}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading" className="mb-2 font-medium">Checks ({failing.length} not ok)</h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
          {health.checks.map((check) => (
            <li key={check.id} id={`check-${check.id}`} className="flex flex-col gap-1 p-3 sm:flex-row sm:items-start sm:gap-3">
              <StatusBadge status={check.status} />
              <div>
                <p className="font-medium">{check.title} <span className="font-mono text-xs text-slate-500">{check.id}</span></p>
                <p>{check.summary}</p>
                {check.reason ? <p className="text-xs text-slate-500">Unknown because: {check.reason}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

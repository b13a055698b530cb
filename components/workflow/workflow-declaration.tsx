import { matcherText } from "@/lib/config/consumers";
import type { WorkflowConfig } from "@/lib/config/schema";
import { capitalise, whereText } from "@/lib/domain/destination";

function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** The workflow as asyncscope.yaml declares it: what "working" is measured against. */
export function WorkflowDeclaration({ workflow }: { workflow: WorkflowConfig }) {
  const { thresholds, vocabulary: words } = workflow;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="queues-heading">
        <h2 id="queues-heading" className="mb-2 font-medium">
          {capitalise(words.destinations)} and declared consumers ({words.broker})
        </h2>
        <ul className="space-y-1 text-sm">
          {workflow.destinations.map((destination) => {
            const where = whereText(destination.ref);
            return (
              <li key={destination.ref.key}>
                <span className="font-mono">{destination.ref.name}</span>{" "}
                {where ? <span className="text-muted">({where})</span> : null} —{" "}
                {destination.consumers.map(matcherText).join(", ") || "no consumer"}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="spans-heading">
        <h2 id="spans-heading" className="mb-2 font-medium">
          Expected spans, in order
        </h2>
        {workflow.expectedSpans.length === 0 ? (
          <p className="text-sm text-muted">
            None declared: traces are not judged (add producer and expectedSpans to the workflow).
          </p>
        ) : null}
        <ol className="list-decimal space-y-1 pl-5 text-sm">
          {workflow.expectedSpans.map((span) => (
            <li key={`${span.service}/${span.span}`}>
              <span className="font-mono">{span.span}</span>{" "}
              <span className="text-muted">
                in {span.service}
                {span.kind ? `, ${span.kind}` : ""}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="thresholds-heading" className="md:col-span-2">
        <h2 id="thresholds-heading" className="mb-2 font-medium">
          Thresholds
        </h2>
        <dl className="grid grid-cols-1 gap-x-8 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {[
            ["No ack for", formatSeconds(thresholds.noAckFor)],
            ["Completeness below", `${Math.round(thresholds.completenessBelow * 100)}%`],
            ["Oldest message age", formatSeconds(thresholds.oldestMessageAge)],
            ["Orphan grace", formatSeconds(thresholds.orphanGrace)],
            ["Dead letters per minute", String(thresholds.deadLetterPerMinute)],
            ["Clock skew tolerance", formatSeconds(thresholds.clockSkewTolerance)],
          ].map(([label, value]) => (
            <div
              key={label}
              className="flex justify-between gap-4 border-b border-slate-100 py-1 dark:border-slate-800"
            >
              <dt className="text-muted">{label}</dt>
              <dd className="font-mono">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

import type { WorkflowConfig } from "@/lib/config/schema";

function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** The workflow as asyncscope.yaml declares it: what "working" is measured against. */
export function WorkflowDeclaration({ workflow }: { workflow: WorkflowConfig }) {
  const { thresholds } = workflow;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="queues-heading">
        <h2 id="queues-heading" className="mb-2 font-medium">Queues and declared consumers</h2>
        <ul className="space-y-1 text-sm">
          {workflow.queues.map((queue) => (
            <li key={`${queue.vhost}/${queue.name}`}>
              <span className="font-mono">{queue.name}</span> <span className="text-slate-500">(vhost {queue.vhost})</span> —{" "}
              {queue.consumers.join(", ")}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="spans-heading">
        <h2 id="spans-heading" className="mb-2 font-medium">Expected spans, in order</h2>
        <ol className="list-decimal space-y-1 pl-5 text-sm">
          {workflow.expectedSpans.map((span) => (
            <li key={`${span.service}/${span.span}`}>
              <span className="font-mono">{span.span}</span> <span className="text-slate-500">in {span.service}{span.kind ? `, ${span.kind}` : ""}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="thresholds-heading" className="md:col-span-2">
        <h2 id="thresholds-heading" className="mb-2 font-medium">Thresholds</h2>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
          <dt className="text-slate-500">No ack for</dt><dd>{formatSeconds(thresholds.noAckFor)}</dd>
          <dt className="text-slate-500">Completeness below</dt><dd>{Math.round(thresholds.completenessBelow * 100)}%</dd>
          <dt className="text-slate-500">Oldest message age</dt><dd>{formatSeconds(thresholds.oldestMessageAge)}</dd>
          <dt className="text-slate-500">Orphan grace</dt><dd>{formatSeconds(thresholds.orphanGrace)}</dd>
          <dt className="text-slate-500">Dead letters per minute</dt><dd>{thresholds.deadLetterPerMinute}</dd>
          <dt className="text-slate-500">Clock skew tolerance</dt><dd>{formatSeconds(thresholds.clockSkewTolerance)}</dd>
        </dl>
      </section>
    </div>
  );
}

import Link from "next/link";
import { StatusBadge, type DisplayStatus } from "@/components/ui/status-badge";

export interface WorkflowListItem {
  id: string;
  name: string;
  description?: string;
  queueNames: string[];
  status: DisplayStatus;
  /** One line: why the status is what it is. */
  reason: string;
}

/** The configured workflows, worst first (the caller sorts). */
export function WorkflowList({ workflows }: { workflows: WorkflowListItem[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label="Workflows">
      {workflows.map((workflow) => (
        <li key={workflow.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <Link href={`/workflows/${workflow.id}`} className="font-medium hover:underline">
              {workflow.name}
            </Link>
            <span className="ml-2 font-mono text-xs text-slate-500">{workflow.id}</span>
            {workflow.description ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{workflow.description}</p> : null}
            <p className="mt-1 text-xs text-slate-500">
              Queues: <span className="font-mono">{workflow.queueNames.join(", ")}</span>
            </p>
          </div>
          <div className="flex shrink-0 flex-col items-start gap-1 sm:items-end">
            <StatusBadge status={workflow.status} />
            <p className="max-w-xs text-xs text-slate-600 sm:text-right dark:text-slate-400">{workflow.reason}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

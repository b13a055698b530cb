import { capitalise } from "@/lib/domain/destination";
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { StatusBadge, type DisplayStatus } from "@/components/ui/status-badge";
import { TimedText } from "@/components/ui/timed-text";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { Time } from "@/components/ui/time";
import { OVERVIEW_REUSE_MS } from "@/lib/evaluate/reuse";
import type { NumberRow } from "@/lib/view/number-row";
import { consumersText, failingText, figureText } from "@/lib/view/number-text";

export interface WorkflowTrends {
  /** Waiting messages summed over the workflow's destinations, on the metric step grid (null: no sample). */
  depth: ReadonlyArray<readonly [number, number | null]>;
  /** Messages per second summed over the destinations. */
  publish: ReadonlyArray<readonly [number, number | null]>;
  ack: ReadonlyArray<readonly [number, number | null]>;
  depthMissing?: string;
  rateMissing?: string;
}

export interface WorkflowListItem {
  id: string;
  name: string;
  description?: string;
  destinationNames: string[];
  /** The broker's word for them ("queues", "topics"). */
  destinationWord: string;
  status: DisplayStatus;
  /** One line: why the status is what it is. */
  reason: string;
  /**
   * The end of the window this verdict judged, when it is an earlier one than the overview's
   * (a recent evaluation reused, lib/evaluate/reuse.ts): said next to the verdict.
   */
  asOfMs?: number;
  /** The workflow page's number row (lib/view/number-row.ts); its totals are shown here. */
  numbers?: NumberRow;
  trends?: WorkflowTrends;
}

/** The number row's totals in one wrapping line: the same figures as the page and the link preview. */
function Totals({ numbers }: { numbers: NumberRow }) {
  const { totals, failing } = numbers;
  const dlq = totals.dlqDepth.kind === "value" ? totals.dlqDepth.value : 0;
  return (
    <p className="mt-1 flex flex-wrap gap-x-3 text-xs" data-testid="workflow-numbers">
      <span className="font-semibold">{failingText(failing)}</span>
      <span>waiting {figureText(totals.backlog, "count")}</span>
      <span className={dlq > 0 ? "font-semibold text-status-warning" : ""}>
        in DLQs {figureText(totals.dlqDepth, "count")}
      </span>
      <span>consumers {consumersText(totals.consumers, totals.declared)}</span>
      {totals.undeclared.length ? (
        <span className="font-semibold text-status-critical">undeclared: {totals.undeclared.join("; ")}</span>
      ) : null}
    </p>
  );
}

function Trend({
  title,
  missing,
  children,
}: {
  title: string;
  missing?: string | undefined;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <span className="text-[11px] text-muted">{title}</span>
      {missing ? (
        <span className="flex h-9 w-40 items-center justify-center rounded bg-slate-50 text-[11px] text-status-unknown dark:bg-slate-900">
          {missing}
        </span>
      ) : (
        children
      )}
    </div>
  );
}

/** The configured workflows, worst first (the caller sorts). */
export function WorkflowList({ workflows, zone }: { workflows: WorkflowListItem[]; zone: TimeZoneChoice }) {
  return (
    <ul
      className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
      aria-label="Workflows"
    >
      {workflows.map((workflow) => (
        <li
          key={workflow.id}
          data-workflow={workflow.id}
          className="flex flex-col gap-3 p-4 md:flex-row md:items-start md:justify-between"
        >
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <StatusBadge status={workflow.status} />
              <Link href={`/workflows/${workflow.id}`} className="font-medium hover:underline">
                {workflow.name}
              </Link>
              <span className="font-mono text-xs text-muted">{workflow.id}</span>
            </div>
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="workflow-reason">
              <TimedText text={workflow.reason} zone={zone} />
            </p>
            {workflow.asOfMs !== undefined ? (
              <p className="mt-0.5 text-xs text-muted" data-testid="workflow-as-of">
                as of <Time ms={workflow.asOfMs} zone={zone} /> (the latest evaluation, at most{" "}
                {OVERVIEW_REUSE_MS / 1000} s old)
              </p>
            ) : null}
            {workflow.numbers ? <Totals numbers={workflow.numbers} /> : null}
            <p className="mt-1 text-xs text-muted">
              {capitalise(workflow.destinationWord)}:{" "}
              <span className="font-mono">{workflow.destinationNames.join(", ")}</span>
            </p>
          </div>
          {workflow.trends ? (
            <div className="flex shrink-0 gap-4">
              <Trend title="Depth (ready), 15 min" missing={workflow.trends.depthMissing}>
                <Sparkline
                  title={`Ready messages of ${workflow.name} over the last 15 minutes`}
                  lines={[{ label: "ready", color: "#0284c7", points: workflow.trends.depth }]}
                />
              </Trend>
              <Trend title="Publish (solid) vs ack (dashed) /s" missing={workflow.trends.rateMissing}>
                <Sparkline
                  title={`Publish and ack rates of ${workflow.name} over the last 15 minutes`}
                  lines={[
                    { label: "publish", color: "#d97706", points: workflow.trends.publish },
                    { label: "ack", color: "#16a34a", dashed: true, points: workflow.trends.ack },
                  ]}
                />
              </Trend>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

import { TracesPanels } from "@/components/traces/traces-panels";
import type { WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { Checklist } from "./checklist";
import { ConsumerList } from "./consumer-list";
import { MetricPanels } from "./metric-panels";
import { VerdictHeader, type Staleness } from "./verdict-header";

/**
 * The body of a workflow page — verdict, the checklist as its spine, charts, consumers,
 * traces — the same for the live page and for a snapshot drawn from frozen signals.
 */
export function WorkflowPanels({
  view,
  zone,
  stale,
}: {
  view: WorkflowViewModel;
  zone: TimeZoneChoice;
  /** The live page's refreshes keep failing: what is shown is as of then. */
  stale?: Staleness;
}) {
  return (
    <>
      <VerdictHeader health={view.health} {...(stale ? { stale } : {})} />
      <div className="grid gap-4 lg:grid-cols-[19rem_minmax(0,1fr)]">
        <aside className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
          <Checklist checklist={view.health.checklist} checks={view.health.checks} stale={stale !== undefined} />
        </aside>
        <div className="flex min-w-0 flex-col gap-4">
          <MetricPanels view={view} zone={zone} />
          <ConsumerList view={view} />
          <TracesPanels view={view} zone={zone} />
        </div>
      </div>
    </>
  );
}

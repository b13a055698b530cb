import type { WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { Checklist } from "./checklist";
import { ConsumerList } from "./consumer-list";
import { LazyLogsPanel, LazyTracesPanels } from "./below-fold";
import { MetricPanels } from "./metric-panels";
import { VerdictHeader, type Staleness } from "./verdict-header";

/**
 * The body of a workflow page — verdict, the checklist as its spine, charts, consumers,
 * traces, logs — the same for the live page and for a snapshot drawn from frozen signals.
 */
export function WorkflowPanels({
  view,
  zone,
  stale,
  live = false,
}: {
  view: WorkflowViewModel;
  zone: TimeZoneChoice;
  /**
   * Live sources behind the page: an open trace's lines the evaluation did not read are
   * fetched. A snapshot or a recording shows only the lines it holds.
   */
  live?: boolean;
  /** The live page's refreshes keep failing: what is shown is as of then. */
  stale?: Staleness;
}) {
  return (
    <>
      <VerdictHeader health={view.health} zone={zone} {...(stale ? { stale } : {})} />
      <div className="grid gap-4 lg:grid-cols-[19rem_minmax(0,1fr)]">
        <aside className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
          <Checklist
            checklist={view.health.checklist}
            checks={view.health.checks}
            stale={stale !== undefined}
            zone={zone}
          />
        </aside>
        <div className="flex min-w-0 flex-col gap-4">
          <MetricPanels view={view} zone={zone} />
          <ConsumerList view={view} zone={zone} />
          <LazyTracesPanels view={view} zone={zone} live={live} />
          <LazyLogsPanel view={view} zone={zone} />
        </div>
      </div>
    </>
  );
}

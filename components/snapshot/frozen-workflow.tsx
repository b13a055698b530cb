import { cookies } from "next/headers";
import { TracesPanels } from "@/components/traces/traces-panels";
import { Checklist } from "@/components/workflow/checklist";
import { ConsumerList } from "@/components/workflow/consumer-list";
import { MetricPanels } from "@/components/workflow/metric-panels";
import { VerdictHeader } from "@/components/workflow/verdict-header";
import type { BundleWorkflow } from "@/lib/bundle/format";
import { appConfig } from "@/lib/config";
import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";
import { buildViewModel } from "@/lib/view/workflow-view";

/**
 * One workflow of a snapshot drawn like the live workflow page — verdict, checklist, charts,
 * consumers, traces — from the frozen signals and the verdict as it was judged then (not
 * re-judged with today's code), so a shared link shows what the person who shared it saw.
 * `trace` is the trace to open (the page's ?trace=, parsed with traceParam).
 */
export async function FrozenWorkflow({ entry, trace }: { entry: BundleWorkflow; trace?: string }) {
  const zone = parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  // The page's ?trace= (a pinned trace's link) is listed, and so opened, whatever its age.
  const view = buildViewModel(entry.config, entry.signals, entry.health, appConfig(), trace ? { trace } : {});
  return (
    <section aria-label={`${entry.config.name} as it was`} className="flex flex-col gap-4">
      <h2 className="text-xl font-semibold tracking-tight">{entry.config.name}</h2>
      <VerdictHeader health={view.health} />
      <div className="grid gap-4 lg:grid-cols-[19rem_minmax(0,1fr)]">
        <aside className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
          <Checklist checklist={view.health.checklist} checks={view.health.checks} />
        </aside>
        <div className="flex min-w-0 flex-col gap-4">
          <MetricPanels view={view} zone={zone} />
          <ConsumerList view={view} />
          <TracesPanels view={view} zone={zone} />
        </div>
      </div>
    </section>
  );
}

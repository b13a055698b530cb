import { cookies } from "next/headers";
import { FlowStrip } from "@/components/workflow/flow-strip";
import { NumberRow } from "@/components/workflow/number-row";
import { WorkflowPanels } from "@/components/workflow/workflow-panels";
import type { BundleWorkflow } from "@/lib/sources/recording/format";
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
      <NumberRow numbers={view.numbers} zone={zone} />
      <FlowStrip flow={view.flow} />
      <WorkflowPanels view={view} zone={zone} />
    </section>
  );
}

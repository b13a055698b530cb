import { Panel } from "@/components/ui/panel";
import { CHART_PANELS } from "@/lib/view/anchors";

// While the server evaluates the workflow (a few seconds when sources are slow): the page's
// layout with each panel's skeleton at its final height, so nothing moves when data arrives.
const PANELS = Object.values(CHART_PANELS).map((panel) => [panel.id, panel.title] as const);

export default function LoadingWorkflow() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true">
      <div className="h-8 w-72 animate-pulse rounded bg-slate-100 dark:bg-slate-800" aria-label="Loading workflow" />
      <div className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label="Loading verdict" />
      <div className="grid gap-4 lg:grid-cols-[19rem_minmax(0,1fr)]">
        <div
          className="h-[32rem] animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800"
          aria-label="Loading checklist"
        />
        <div className="flex min-w-0 flex-col gap-4">
          {PANELS.map(([id, title]) => (
            <Panel key={id} title={title} state={{ kind: "loading" }} minHeight={280} />
          ))}
        </div>
      </div>
    </div>
  );
}

"use client";
// The trace and log panels sit below the verdict, the checklist and the charts: their code
// (trace grouping, the log-count chart, the trace list's controls) is a chunk of its own, so
// the workflow page's first JavaScript carries what the first screen needs (issue 11, ≤ 165 KB).
// They are still rendered on the server: the HTML holds them (the checklist's links to
// #panel-traces and #panel-logs land), and each hydrates once its chunk arrives. React.lazy,
// not next/dynamic, as in components/charts/lazy-chart.tsx: next/dynamic's loader costs more.
import { lazy, Suspense } from "react";
import type { WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

const TracesPanels = lazy(() => import("./below-fold-panels").then((m) => ({ default: m.TracesPanels })));
const LogsPanel = lazy(() => import("./below-fold-panels").then((m) => ({ default: m.LogsPanel })));

/** Drawn only where the chunk has not arrived yet on a render in the browser (the server waits for it). */
function Loading({ id, title }: { id: string; title: string }) {
  return (
    <section
      id={id}
      aria-busy="true"
      aria-label={title}
      className="min-h-64 rounded-lg border border-slate-200 p-4 text-sm text-muted dark:border-slate-800"
    >
      Loading {title.toLowerCase()}…
    </section>
  );
}

export function LazyTracesPanels(props: { view: WorkflowViewModel; zone: TimeZoneChoice; live: boolean }) {
  return (
    <Suspense fallback={<Loading id="panel-traces" title="Trace panels" />}>
      <TracesPanels {...props} />
    </Suspense>
  );
}

export function LazyLogsPanel(props: { view: WorkflowViewModel; zone: TimeZoneChoice }) {
  return (
    <Suspense fallback={<Loading id="panel-logs" title="Logs" />}>
      <LogsPanel {...props} />
    </Suspense>
  );
}

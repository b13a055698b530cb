"use client";
// The workflow page's panels below the first screen, each in a chunk of its own so the page's
// first load (verdict, numbers, flow strip, toolbar, actions, checklist, charts) does not carry
// them (docs/workflow-page.md, "Size"). They share one chunk (one request, compressed together),
// requested as soon as this module runs, beside the page's own chunks, not when React first
// reaches them: the server has already drawn them, React keeps that HTML until their code
// arrives, and by the time anyone scrolls down to them they are interactive.
import { lazy, Suspense, type ComponentProps } from "react";

const panels = import("./below-fold-panels");
const TracesPanels = lazy(() => panels.then((m) => ({ default: m.TracesPanels })));
const LogsPanel = lazy(() => panels.then((m) => ({ default: m.LogsPanel })));
const ConfigDrift = lazy(() => panels.then((m) => ({ default: m.ConfigDrift })));

/** Shown only if a client render reaches a panel before its chunk (a hydration keeps the server's HTML). */
function Loading({ what }: { what: string }) {
  return (
    <div
      role="img"
      aria-label={`Loading the ${what}`}
      className="min-h-40 animate-pulse rounded-lg border border-slate-200 dark:border-slate-800"
    />
  );
}

export function LazyTracesPanels(props: ComponentProps<typeof TracesPanels>) {
  return (
    <Suspense fallback={<Loading what="traces" />}>
      <TracesPanels {...props} />
    </Suspense>
  );
}

export function LazyLogsPanel(props: ComponentProps<typeof LogsPanel>) {
  return (
    <Suspense fallback={<Loading what="logs" />}>
      <LogsPanel {...props} />
    </Suspense>
  );
}

export function LazyConfigDrift(props: ComponentProps<typeof ConfigDrift>) {
  return (
    <Suspense fallback={<p className="text-sm text-muted">Config drift: loading…</p>}>
      <ConfigDrift {...props} />
    </Suspense>
  );
}

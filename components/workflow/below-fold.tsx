"use client";
// The workflow page's panels below the first screen, in a chunk of their own so the page's first
// load (verdict, numbers, flow strip, toolbar, actions, checklist, charts) does not carry them
// (docs/workflow-page.md, "Size"): the traces and logs panels and config drift, compressed
// together. The chunk is requested when this module runs (with the page's code), not when React
// first reaches the panels.
//
// Like the charts, they are drawn in the browser only, behind placeholders on the server's
// render. Server-rendered panels inside a lazy boundary were tried: React kept their HTML only
// until something above them updated before their code arrived, then drew them afresh behind
// the placeholder, so every load showed content, then the placeholder, then content again.
// A link to an id inside them (an incident's evidence link, "#panel-logs") is followed once
// they are drawn, since the browser found no such id when the page loaded.
import { lazy, memo, Suspense, useEffect, type ComponentProps, type ReactNode } from "react";
import { ChunkFailed } from "@/components/ui/chunk-failed";
import { useInBrowser } from "@/components/ui/use-in-browser";
import { TRACE_LIST_ANCHOR } from "@/lib/view/anchors";

const panels = import("./below-fold-panels");
const TracesPanels = lazy(() => panels.then((m) => ({ default: m.TracesPanels })));
const LogsPanel = lazy(() => panels.then((m) => ({ default: m.LogsPanel })));
const ConfigDrift = lazy(() => panels.then((m) => ({ default: m.ConfigDrift })));

/** What stands for a panel until its code is in: an outline of about its height, labelled. */
function Loading({ what, className }: { what: string; className: string }) {
  return (
    <div
      role="img"
      aria-label={`Loading the ${what}`}
      className={`animate-pulse rounded-lg border border-slate-200 dark:border-slate-800 ${className}`}
    />
  );
}

/**
 * Scrolls to the URL's #id once the panels holding it are drawn. Not for the trace list when a
 * trace is open: the open trace brings itself into view (trace-groups.tsx).
 */
function LandOnHash() {
  useEffect(() => {
    // Our ids are plain ASCII: the hash is compared as written.
    const id = window.location.hash.slice(1);
    if (!id || (id === TRACE_LIST_ANCHOR && new URLSearchParams(window.location.search).has("trace"))) return;
    document.getElementById(id)?.scrollIntoView({ block: "start" });
  }, []);
  return null;
}

function Deferred({ what, placeholder, children }: { what: string; placeholder: ReactNode; children: ReactNode }) {
  const inBrowser = useInBrowser();
  if (!inBrowser) return placeholder;
  return (
    <ChunkFailed what={what}>
      <Suspense fallback={placeholder}>
        {children}
        <LandOnHash />
      </Suspense>
    </ChunkFailed>
  );
}

// Memoised: the page re-renders for its refresh state ("refreshing…"); the panels only when
// their data changed.
export const LazyTracesPanels = memo(function LazyTracesPanels(props: ComponentProps<typeof TracesPanels>) {
  return (
    <Deferred what="traces panels" placeholder={<Loading what="traces" className="min-h-96" />}>
      <TracesPanels {...props} />
    </Deferred>
  );
});

export const LazyLogsPanel = memo(function LazyLogsPanel(props: ComponentProps<typeof LogsPanel>) {
  return (
    <Deferred what="logs panel" placeholder={<Loading what="logs" className="min-h-80" />}>
      <LogsPanel {...props} />
    </Deferred>
  );
});

export function LazyConfigDrift(props: ComponentProps<typeof ConfigDrift>) {
  return (
    <Deferred what="config drift note" placeholder={<p className="text-sm text-muted">Config drift: loading…</p>}>
      <ConfigDrift {...props} />
    </Deferred>
  );
}

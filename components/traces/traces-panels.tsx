"use client";

import { TimedText } from "@/components/ui/timed-text";
import { usePathname, useSearchParams } from "next/navigation";
import { lazy, Suspense, useState } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { panelState } from "@/components/workflow/panel-state";
import { TRACE_LIST_ANCHOR } from "@/lib/view/anchors";
import type { TraceListItem, WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { TraceGroups } from "./trace-groups";

// The waterfall and the trace's log lines load when a trace is opened: most visits never open
// one, and the page's first load stays within its budget (docs/workflow-page.md, "Size").
const OpenTrace = lazy(() => import("./open-trace").then((m) => ({ default: m.OpenTrace })));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

function jaegerSpanUrl(item: TraceListItem) {
  if (!item.jaegerUrl) return undefined;
  const base = item.jaegerUrl.slice(0, item.jaegerUrl.lastIndexOf("/trace/"));
  return (traceId: string, spanId?: string) =>
    `${base}/trace/${encodeURIComponent(traceId)}${spanId ? `?uiFind=${encodeURIComponent(spanId)}` : ""}`;
}

/** Completeness per root span type, the incomplete traces, and the in-app trace view. */
export function TracesPanels({
  view,
  zone,
  live = false,
}: {
  view: WorkflowViewModel;
  zone: TimeZoneChoice;
  /** The live page: an open trace's lines the evaluation did not read are fetched from the log store. */
  live?: boolean;
}) {
  const p = view.traces;
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The open trace is part of the view: it lives in the URL, so a pasted link opens it too.
  // Kept here as well, so a click opens it at once: the router's own update of the search
  // params after replaceState comes in a transition, seconds later on a busy phone.
  const [opened, setOpened] = useState<{ id: string | null; here: boolean }>(() => ({
    id: searchParams.get("trace"),
    here: false,
  }));
  const openId = opened.id;
  // Opened by a click here (focus and scroll follow it), not by a link pasted at load.
  const openedHere = opened.here;
  const setOpen = (traceId: string | null) => {
    setOpened({ id: traceId, here: traceId !== null });
    const next = new URLSearchParams(searchParams);
    if (traceId) next.set("trace", traceId);
    else next.delete("trace");
    // History API, not the router: opening a trace needs no new server render.
    window.history.replaceState(null, "", `${pathname}?${next.toString().replace(/%3A/gi, ":")}`);
  };
  const threshold = view.thresholds.completenessBelow;
  const items = new Map(p.ok ? p.data.list.map((t) => [t.traceId, t]) : []);
  const open = openId ? items.get(openId) : undefined;
  const judgedGroups = p.ok ? p.data.groups.filter((g) => !g.inFlight) : [];
  // Every pattern but the one of complete traces (if any), shown or not.
  const findingGroups = p.ok ? p.data.groupsTotal - (p.data.judged > p.data.incompleteTotal ? 1 : 0) : 0;
  const hiddenGroups = p.ok ? p.data.groupsTotal - judgedGroups.length : 0;
  return (
    <>
      <Panel
        id="panel-traces"
        title="Trace completeness"
        subtitle={`Share of traces reaching every expected span, per root span type (threshold ${pct(threshold)}).`}
        state={panelState(p)}
        minHeight={140}
      >
        {p.ok ? (
          <div className="text-sm">
            {p.data.completeness.length === 0 ? (
              <p className="rounded border border-status-unknown/40 bg-status-unknown/10 p-3">
                No workflow trace old enough to judge in this window ({p.data.inFlight} in flight, {p.data.sampleSize}{" "}
                in the sample): no traffic, or spans are not reaching Jaeger.
              </p>
            ) : (
              // The trend sparkline has a fixed width: on a phone the table scrolls inside the panel, not the page.
              <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Completeness per root span type">
                <table className="w-full text-left">
                  <thead className="text-xs text-muted">
                    <tr>
                      <th className="py-1 font-normal">Root span type</th>
                      <th className="py-1 font-normal">Complete</th>
                      <th className="py-1 font-normal">95% CI</th>
                      <th className="py-1 font-normal">Sample</th>
                      <th className="py-1 font-normal">Trend</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.data.completeness.map((row) => (
                      <tr key={row.rootType} className="border-t border-slate-100 dark:border-slate-800">
                        <td className="py-1 pr-2">
                          <StatusBadge status={row.status} /> <span className="font-mono text-xs">{row.rootType}</span>
                        </td>
                        <td className="py-1 pr-2 font-medium">{pct(row.share)}</td>
                        <td className="py-1 pr-2 text-xs">
                          {pct(row.ciLow)}–{pct(row.ciHigh)}
                        </td>
                        <td className="py-1 pr-2 text-xs">
                          {row.complete} of {row.traces}
                        </td>
                        <td className="py-1">
                          <Sparkline
                            title={`Completeness of ${row.rootType} over the window (${row.trend.map((b) => `${pct(b.share)} of ${b.n}`).join(", ")})`}
                            yDomain={[0, 1]}
                            lines={[
                              {
                                label: "share",
                                color: "#0284c7",
                                points: row.trend.map((b) => [b.tsMs, b.share] as const),
                              },
                              {
                                label: "threshold",
                                color: "#dc2626",
                                dashed: true,
                                points: row.trend.map((b) => [b.tsMs, threshold] as const),
                              },
                            ]}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="mt-2 text-xs text-muted">
              {p.data.judged} traces judged, {p.data.inFlight} too recent to judge (still in flight).
              {p.data.jaegerSearchUrl ? (
                <>
                  {" "}
                  <a
                    href={p.data.jaegerSearchUrl}
                    target="_blank"
                    rel="noreferrer"
                    className="text-sky-700 underline dark:text-sky-400"
                  >
                    Search in Jaeger ↗
                  </a>
                </>
              ) : null}
            </p>
            {[...p.notes, ...p.data.warnings.slice(0, 3)].map((n) => (
              <p key={n} className="text-xs text-status-warning">
                <TimedText text={n} zone={zone} />
              </p>
            ))}
          </div>
        ) : null}
      </Panel>
      <Panel
        id={TRACE_LIST_ANCHOR}
        title="Traces with findings"
        subtitle="Traces grouped by what went wrong, worst first, with a count: missing spans named, orphan publishes, silent drops, clock skew. Unfold a group for its newest traces; a trace opens its spans, across span links, right under it."
        state={panelState(p)}
        minHeight={140}
      >
        {p.ok ? (
          <div className="text-sm">
            <p className="mb-2 text-xs text-muted">
              {p.data.incompleteTotal} of {p.data.judged} judged traces have a finding
              {p.data.incompleteTotal ? `, in ${plural(findingGroups, "pattern")}` : ""}.
            </p>
            <TraceGroups
              groups={p.data.groups}
              items={items}
              zone={zone}
              openId={openId}
              openedHere={openedHere}
              onToggle={(traceId) => setOpen(traceId === openId ? null : traceId)}
              renderOpen={(item) => (
                <div
                  className="mt-1 rounded border border-slate-200 bg-white p-2 outline-none focus-visible:ring-2 focus-visible:ring-sky-600 dark:border-slate-700 dark:bg-slate-900"
                  aria-label={`Trace ${item.traceId}`}
                  role="region"
                  tabIndex={-1}
                  data-open-trace
                >
                  <div className="mb-1 flex items-center justify-between gap-2">
                    <h3 className="min-w-0 truncate font-mono text-xs font-medium" title={item.traceId}>
                      Trace {item.traceId}
                    </h3>
                    <button type="button" onClick={() => setOpen(null)} className="text-xs underline">
                      Close
                    </button>
                  </div>
                  <Suspense
                    fallback={
                      <p className="text-xs text-muted" role="status">
                        Loading the trace…
                      </p>
                    }
                  >
                    <OpenTrace
                      key={item.traceId}
                      item={item}
                      workflowId={view.workflow.id}
                      live={live}
                      window={view.window}
                      zone={zone}
                      expected={p.data.expectedSpans}
                      jaegerUrlFor={jaegerSpanUrl(item)}
                    />
                  </Suspense>
                </div>
              )}
            />
            {hiddenGroups > 0 ? (
              <p className="mt-2 text-xs text-muted">
                {plural(hiddenGroups, "rarer pattern")} not shown: search {hiddenGroups === 1 ? "it" : "them"} in
                Jaeger.
              </p>
            ) : null}
            {openId && !open ? (
              <p className="mt-2 text-xs text-muted">Trace {openId} is not in this window&apos;s list.</p>
            ) : null}
          </div>
        ) : null}
      </Panel>
    </>
  );
}

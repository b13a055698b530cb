"use client";

import { TimedText } from "@/components/ui/timed-text";
import { usePathname, useSearchParams } from "next/navigation";
import { Sparkline } from "@/components/charts/sparkline";
import { Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { panelState } from "@/components/workflow/panel-state";
import { TRACE_LIST_ANCHOR } from "@/lib/view/anchors";
import type { TraceListItem, WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { OpenTrace } from "./open-trace";

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
  const openId = searchParams.get("trace");
  const setOpen = (traceId: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (traceId) next.set("trace", traceId);
    else next.delete("trace");
    // History API, not the router: opening a trace needs no new server render.
    window.history.replaceState(null, "", `${pathname}?${next.toString().replace(/%3A/gi, ":")}`);
  };
  const threshold = view.thresholds.completenessBelow;
  const open = p.ok ? p.data.list.find((t) => t.traceId === openId) : undefined;
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
        subtitle="Newest first: missing spans named, orphan publishes, silent drops, clock skew. Open one to see its spans across span links."
        state={panelState(p)}
        minHeight={140}
      >
        {p.ok ? (
          <div className="text-sm">
            <p className="mb-2 text-xs text-muted">
              {p.data.incompleteTotal} of {p.data.judged} judged traces have a finding
              {p.data.incompleteTotal > p.data.list.filter((t) => !t.complete || t.findings.length).length
                ? "; the newest are listed"
                : ""}
              .
            </p>
            <ul className="space-y-1" aria-label="Traces">
              {p.data.list.map((t) => (
                <li
                  key={t.traceId}
                  className={`rounded px-2 py-1 ${t.traceId === openId ? "bg-slate-100 dark:bg-slate-800" : ""}`}
                  data-trace={t.traceId}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <StatusBadge
                      status={t.missing.length ? "critical" : t.findings.length ? "warning" : "ok"}
                      label={t.missing.length ? "incomplete" : t.findings.length ? "finding" : "complete"}
                    />
                    {!t.judged ? <span className="text-xs text-muted">(in flight)</span> : null}
                    <button
                      type="button"
                      onClick={() => setOpen(t.traceId === openId ? null : t.traceId)}
                      aria-expanded={t.traceId === openId}
                      className="font-mono text-xs underline decoration-dotted"
                    >
                      {t.traceId.slice(0, 16)}
                    </button>
                    <Time ms={t.startMs} zone={zone} className="text-xs text-muted" />
                    {t.jaegerUrl ? (
                      <a
                        href={t.jaegerUrl}
                        target="_blank"
                        rel="noreferrer"
                        className="text-xs text-sky-700 underline dark:text-sky-400"
                      >
                        Open in Jaeger ↗
                      </a>
                    ) : null}
                    {t.logUrl ? (
                      <a
                        href={t.logUrl}
                        target="_blank"
                        rel="noreferrer"
                        className="text-xs text-sky-700 underline dark:text-sky-400"
                      >
                        Logs ↗
                      </a>
                    ) : null}
                  </div>
                  {t.missing.length ? (
                    <p className="text-xs">
                      Missing: <span className="font-mono text-status-critical">{t.missing.join(", ")}</span>
                    </p>
                  ) : null}
                  {t.findings.length ? (
                    <p className="text-xs text-slate-600 dark:text-slate-400">{t.findings.slice(0, 3).join("; ")}</p>
                  ) : null}
                </li>
              ))}
            </ul>
            {open ? (
              <div
                className="mt-3 rounded border border-slate-200 p-2 dark:border-slate-700"
                aria-label={`Trace ${open.traceId}`}
                role="region"
              >
                <div className="mb-1 flex items-center justify-between">
                  <h3 className="font-mono text-xs font-medium">Trace {open.traceId}</h3>
                  <button type="button" onClick={() => setOpen(null)} className="text-xs underline">
                    Close
                  </button>
                </div>
                <OpenTrace
                  key={open.traceId}
                  item={open}
                  workflowId={view.workflow.id}
                  live={live}
                  window={view.window}
                  zone={zone}
                  jaegerUrlFor={jaegerSpanUrl(open)}
                />
              </div>
            ) : openId ? (
              <p className="mt-2 text-xs text-muted">Trace {openId} is not in this window&apos;s list.</p>
            ) : null}
          </div>
        ) : null}
      </Panel>
    </>
  );
}

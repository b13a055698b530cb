"use client";

import { TimedText } from "@/components/ui/timed-text";
import { LogCountChart } from "@/components/charts/log-count-chart";
import { LOG_COUNT_COLORS } from "@/components/charts/log-count-colors";
import { Panel, type PanelState } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { LOGS_PANEL } from "@/lib/view/anchors";
import type { LogsPanelData, WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

const CHART_HEIGHT = 96;

function stateOf(p: LogsPanelData): PanelState {
  if (p.ok) return { kind: "ready" };
  if ("absent" in p) return { kind: "ready" }; // said in the panel's body, with what it would show
  return { kind: "error", source: p.sourceName, message: p.reason };
}

/** Error and warning lines per service over the window, the log-findings check and the top messages. */
export function LogsPanel({ view, zone }: { view: WorkflowViewModel; zone: TimeZoneChoice }) {
  const p = view.logs;
  return (
    <Panel
      id={LOGS_PANEL.id}
      title={LOGS_PANEL.title}
      subtitle="Error and warning lines per service and step; a step with no line is 0. What the log-findings check made of them, and the most frequent messages."
      state={stateOf(p)}
      minHeight={120}
    >
      {!p.ok && "absent" in p ? (
        <div
          className="rounded border border-status-unknown/40 bg-status-unknown/10 p-3 text-sm"
          data-testid="logs-absent"
        >
          {p.absent === "not-recorded" ? (
            <p>This recording holds no logs: it was made before Asyncscope read logs.</p>
          ) : (
            <>
              <p className="font-medium">No log store is configured.</p>
              <p className="mt-1">
                With <span className="font-mono">sources.logs</span> configured (VictoriaLogs, Loki, Elasticsearch or
                OpenSearch), this panel shows each service&apos;s error and warning lines per step, bursts and services
                that went silent, the most frequent messages, and each trace&apos;s lines beside its spans. See{" "}
                {/* The app serves no docs and has no public docs URL: named like docs/alerting.md in the alert rules panel. */}
                <code>docs/sources.md#logs</code> and <code>docs/configuration.md#sourceslogs</code>.
              </p>
            </>
          )}
        </div>
      ) : p.ok ? (
        <div className="flex flex-col gap-3 text-sm">
          {p.data.check ? (
            <div>
              {/* The summary is the items' text joined: shown only when there is no item to list. */}
              <p className="flex flex-wrap items-center gap-2">
                <StatusBadge status={p.data.check.status} />
                <span>
                  {p.data.check.items.length ? "Log findings" : <TimedText text={p.data.check.summary} zone={zone} />}
                </span>
              </p>
              <ul className="mt-1 space-y-0.5 text-xs" aria-label="Log findings">
                {p.data.check.items.map((i) => (
                  <li
                    key={`${i.subject}:${i.kind ?? ""}:${i.text}`}
                    data-kind={i.kind}
                    className="flex items-start gap-2"
                  >
                    <StatusBadge status={i.status} />
                    <span className="min-w-0 break-words">
                      <TimedText text={i.text} zone={zone} />
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <figure className="m-0" aria-label={`Error and warning lines per service, ${p.data.stepSeconds} s steps`}>
            <ul className="grid gap-2 sm:grid-cols-2" aria-label="Lines per service">
              {p.data.services.map((s) => (
                <li key={s.service} data-service={s.service} className="min-w-0">
                  <p className="flex flex-wrap items-baseline justify-between gap-x-2 text-xs">
                    <span className="font-mono">{s.service}</span>
                    <span data-testid="log-counts">
                      {s.errorTotal} error{s.errorTotal === 1 ? "" : "s"}, {s.warnTotal} warning
                      {s.warnTotal === 1 ? "" : "s"}
                    </span>
                  </p>
                  <LogCountChart
                    points={s.points}
                    stepSeconds={p.data.stepSeconds}
                    fromMs={view.window.fromMs}
                    toMs={view.window.toMs}
                    zone={zone}
                    height={CHART_HEIGHT}
                  />
                </li>
              ))}
            </ul>
            <figcaption className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-700 dark:text-slate-300">
              {(["error", "warn"] as const).map((level) => (
                <span key={level} className="flex items-center gap-1">
                  <svg width="10" height="10" aria-hidden="true">
                    <rect width="10" height="10" fill={LOG_COUNT_COLORS[level]} />
                  </svg>
                  {level} lines per {p.data.stepSeconds} s
                </span>
              ))}
              <span>from {p.data.store}</span>
            </figcaption>
          </figure>
          {p.data.messages.length ? (
            <table className="w-full table-fixed text-left text-xs">
              <caption className="sr-only">Most frequent error and warning messages</caption>
              <thead className="text-slate-600 dark:text-slate-400">
                <tr>
                  <th className="w-[28%] py-1 font-normal">Service</th>
                  <th className="w-[14%] py-1 font-normal">Level</th>
                  <th className="py-1 font-normal">Message</th>
                  <th className="w-[12%] py-1 text-right font-normal">Count</th>
                </tr>
              </thead>
              <tbody>
                {p.data.messages.map((m) => (
                  <tr
                    key={`${m.service}:${m.level}:${m.message}`}
                    className="border-t border-slate-100 align-top dark:border-slate-800"
                  >
                    <td className="break-words py-1 pr-2 font-mono">{m.service}</td>
                    <td className="py-1 pr-2 font-semibold uppercase">{m.level}</td>
                    <td className="break-words py-1 pr-2">{m.message}</td>
                    <td className="py-1 text-right tabular-nums">{m.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-xs text-slate-600 dark:text-slate-400">No error or warning message in the lookback.</p>
          )}
          {[...p.notes, ...p.data.warnings.slice(0, 3)].map((n) => (
            <p key={n} className="text-xs text-slate-700 dark:text-slate-300">
              <TimedText text={n} zone={zone} />
            </p>
          ))}
        </div>
      ) : null}
    </Panel>
  );
}

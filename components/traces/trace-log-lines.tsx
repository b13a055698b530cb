"use client";

import { useEffect, useRef } from "react";
import type { LogLevel } from "@/lib/domain/log";
import { useInBrowser } from "@/components/ui/use-in-browser";
import { formatClock, formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";
import { shownFields, type TraceLogRow } from "@/lib/view/trace-logs";
import type { LogsAbsence } from "@/lib/view/view-model";

/** Level colour as a bar beside the word: the word carries the meaning, the text keeps its contrast. */
const LEVEL_BAR: Record<LogLevel, string> = {
  error: "border-status-critical bg-status-critical/15",
  warn: "border-status-warning bg-status-warning/15",
  info: "border-status-ok bg-status-ok/10",
  debug: "border-status-unknown bg-status-unknown/10",
  other: "border-status-unknown bg-status-unknown/10",
};

export type LinesState =
  | { kind: "none"; why: LogsAbsence; reason: string }
  | {
      kind: "lines";
      truncated: boolean;
      loading: boolean;
      errors: Array<{ traceId: string; message: string }>;
      /** Trace ids of the component whose lines nobody read (a snapshot, a recording). */
      notLookedUp: string[];
      frozen: boolean;
    };

interface Props {
  traceId: string;
  rows: TraceLogRow[];
  state: LinesState;
  zone: TimeZoneChoice;
  selectedSpanId: string | null;
  onShowSpan: (spanId: string) => void;
  onClear: () => void;
  fetchLimit: number;
}

/** The open trace's log lines from every service, oldest first, each linked to the span it was written in. */
export function TraceLogLines({
  traceId,
  rows,
  state,
  zone: chosenZone,
  selectedSpanId,
  onShowSpan,
  onClear,
  fetchLimit,
}: Props) {
  // Drawn in UTC on the server (which does not know the browser's zone), then in the choice.
  const inBrowser = useInBrowser();
  const zone = chosenZone === "local" && !inBrowser ? "utc" : chosenZone;
  const listRef = useRef<HTMLOListElement>(null);
  // Selecting a span brings its first line into view inside the list (not the page: the span stays put).
  useEffect(() => {
    const list = listRef.current;
    if (!list || !selectedSpanId) return;
    const first = list.querySelector<HTMLElement>(`[data-span-id="${CSS.escape(selectedSpanId)}"]`);
    // The list is `relative`, so a line's offsetTop is measured from the list's top.
    if (first) list.scrollTop = Math.max(0, first.offsetTop - 8);
  }, [selectedSpanId]);

  const highlighted = selectedSpanId ? rows.filter((r) => r.span?.spanId === selectedSpanId).length : 0;
  return (
    <section aria-labelledby={`trace-logs-${traceId}`} className="min-w-0 text-xs" data-testid="trace-logs">
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-2">
        <h4 id={`trace-logs-${traceId}`} className="font-medium">
          Log lines{state.kind === "lines" && rows.length ? ` (${rows.length})` : ""}
        </h4>
        {selectedSpanId && state.kind === "lines" ? (
          <p className="text-slate-600 dark:text-slate-400" aria-live="polite">
            {highlighted} line{highlighted === 1 ? "" : "s"} of the selected span highlighted.{" "}
            <button type="button" onClick={onClear} className="underline">
              Clear
            </button>
          </p>
        ) : null}
      </div>
      {state.kind === "none" ? (
        <Absent state={state} />
      ) : (
        <>
          {state.errors.map((e) => (
            <p
              key={e.traceId}
              role="alert"
              className="mb-1 rounded border border-status-critical/40 bg-status-critical/10 p-2"
            >
              Could not read the lines of trace <span className="font-mono">{e.traceId.slice(0, 16)}</span> from the log
              store: {e.message}
            </p>
          ))}
          {state.loading ? (
            <p role="status" aria-busy="true" className="mb-1 animate-pulse text-slate-600 dark:text-slate-400">
              Reading this trace&apos;s lines from the log store…
            </p>
          ) : null}
          {state.notLookedUp.length ? (
            <p className="mb-1 text-slate-600 dark:text-slate-400">
              {state.frozen
                ? "Not looked up when this evidence was taken (only the lines read then are kept): "
                : "The log store was not asked about: "}
              <span className="font-mono">{state.notLookedUp.map((id) => id.slice(0, 16)).join(", ")}</span>.
            </p>
          ) : null}
          {rows.length === 0 && !state.loading && state.errors.length === 0 ? (
            <p
              className="rounded border border-status-unknown/40 bg-status-unknown/10 p-2"
              data-testid="trace-logs-empty"
            >
              No line carries this trace id — its services wrote nothing for it, or they do not put the trace id in
              their lines (sources.logs.fields.traceId).
            </p>
          ) : null}
          {rows.length ? (
            <ol
              ref={listRef}
              aria-label={`Log lines of trace ${traceId}, oldest first`}
              className="relative max-h-[28rem] space-y-0.5 overflow-y-auto pr-1"
            >
              {rows.map((r) => {
                const lit = Boolean(selectedSpanId) && r.span?.spanId === selectedSpanId;
                const fields = shownFields(r.line);
                return (
                  <li
                    key={r.key}
                    data-log-line
                    data-span-id={r.span?.spanId ?? r.line.spanId}
                    data-highlighted={lit ? "true" : undefined}
                    className={`rounded border-l-4 px-2 py-0.5 ${LEVEL_BAR[r.line.level]} ${lit ? "ring-2 ring-violet-500" : ""}`}
                  >
                    <div className="flex flex-wrap items-baseline gap-x-2">
                      <time
                        dateTime={new Date(r.line.timeMs).toISOString()}
                        title={formatTimestamp(r.line.timeMs, zone)}
                        className="font-mono"
                        suppressHydrationWarning
                      >
                        {formatClock(r.line.timeMs, zone, "millis")}
                      </time>
                      <span className="font-semibold uppercase" data-level={r.line.level}>
                        {r.line.level}
                        {r.line.rawLevel ? <span className="font-normal normal-case"> ({r.line.rawLevel})</span> : null}
                      </span>
                      <span className="font-mono" data-service>
                        {r.line.service || "(no service)"}
                      </span>
                      {r.span ? (
                        <button
                          type="button"
                          onClick={() => onShowSpan(r.span!.spanId)}
                          aria-label={`Show span ${r.span.service} ${r.span.name} in the waterfall`}
                          className="underline decoration-dotted"
                        >
                          → {r.span.name}
                        </button>
                      ) : r.unknownSpan ? (
                        <span className="text-slate-600 dark:text-slate-400">
                          span {r.line.spanId!.slice(0, 8)} not drawn
                        </span>
                      ) : (
                        <span className="text-slate-600 dark:text-slate-400">no span id</span>
                      )}
                    </div>
                    <p className="break-words whitespace-pre-wrap">{r.line.message}</p>
                    {fields.length ? (
                      <p className="break-words text-slate-700 dark:text-slate-300">
                        {fields.map(([k, v]) => (
                          <span key={k} className="mr-2 font-mono">
                            {k}={v}
                          </span>
                        ))}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          ) : null}
          {state.truncated ? (
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              The store held more lines than were read (at most {fetchLimit} per trace): the newest are shown.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function Absent({ state }: { state: Extract<LinesState, { kind: "none" }> }) {
  if (state.why === "unconfigured")
    return (
      <p className="rounded border border-status-unknown/40 bg-status-unknown/10 p-2">
        No log store is configured. With <span className="font-mono">sources.logs</span> set, this trace&apos;s lines
        from every service appear here beside its spans.
      </p>
    );
  if (state.why === "not-recorded")
    return (
      <p className="rounded border border-status-unknown/40 bg-status-unknown/10 p-2">
        This recording holds no logs (it was made before Asyncscope read logs).
      </p>
    );
  return (
    <p role="alert" className="rounded border border-status-critical/40 bg-status-critical/10 p-2">
      No lines from the log store: {state.reason}
    </p>
  );
}

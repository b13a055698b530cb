import { layoutWaterfall, formatMicros } from "@/lib/view/waterfall";
import type { WaterfallSpan } from "@/lib/view/view-model";

const KIND_COLOR: Record<string, string> = {
  producer: "bg-amber-500",
  consumer: "bg-sky-600",
  server: "bg-emerald-600",
  client: "bg-violet-500",
};

/** The element id of a span's row, where a log line's "span" control scrolls to. */
export const spanRowId = (spanId: string) => `waterfall-span-${spanId}`;

interface Props {
  spans: WaterfallSpan[];
  /** The span whose log lines are highlighted (its row is marked too). */
  selectedSpanId?: string | null;
  /** Selecting a span (click or keyboard focus on its "lines" control); absent: no log lines shown. */
  onSelectSpan?: (spanId: string) => void;
  /** Log lines written in each span (by span id), for the control's label. */
  lineCounts?: ReadonlyMap<string, number>;
  /** Span ids the trace is missing ("service/span" labels) are named above, not here. */
  jaegerUrlFor?: (traceId: string, spanId?: string) => string | undefined;
  toleranceUs?: number;
}

/**
 * A trace as bars on one time axis: hatched bars are the time a message waited in the queue
 * between its producer and consumer spans; a consumer from another trace (joined by span
 * link) is marked; clock-skew findings are written on the row.
 */
export function Waterfall({ spans, jaegerUrlFor, toleranceUs = 0, selectedSpanId, onSelectSpan, lineCounts }: Props) {
  const layout = layoutWaterfall(spans, toleranceUs);
  if (layout.rows.length === 0) return <p className="text-sm text-muted">No spans of this trace are in the sample.</p>;
  const pct = (us: number) => `${Math.max(0, Math.min(100, (us / layout.totalUs) * 100))}%`;
  return (
    <div className="text-xs" data-testid="waterfall">
      <p className="mb-1 text-muted">
        {layout.rows.length} spans in {layout.traceIds.length} trace{layout.traceIds.length === 1 ? "" : "s"},{" "}
        {formatMicros(layout.totalUs)} end to end. Hatched: queue wait.
      </p>
      <ol className="space-y-0.5" aria-label="Spans">
        {layout.rows.map((row) => {
          const s = row.span;
          const link = jaegerUrlFor?.(s.traceId, s.spanId);
          const selected = selectedSpanId === s.spanId;
          const lines = lineCounts?.get(s.spanId) ?? 0;
          return (
            <li
              key={s.spanId}
              id={spanRowId(s.spanId)}
              data-span-id={s.spanId}
              data-selected={selected ? "true" : undefined}
              aria-current={selected ? "true" : undefined}
              className={`grid scroll-mt-16 grid-cols-[minmax(0,11rem)_1fr] items-center gap-2 rounded sm:grid-cols-[minmax(0,18rem)_1fr] ${selected ? "bg-violet-100 ring-2 ring-violet-500 dark:bg-violet-950" : ""}`}
            >
              <div
                className="truncate"
                style={{ paddingLeft: `${row.depth * 0.75}rem` }}
                title={`${s.service}: ${s.name} (${s.kind})`}
              >
                {row.viaLink ? (
                  <span aria-label="joined by span link" title={`linked from trace ${s.traceId}`}>
                    ↪{" "}
                  </span>
                ) : null}
                <span className="text-muted">{s.service}</span>{" "}
                {link ? (
                  <a href={link} target="_blank" rel="noreferrer" className="underline decoration-dotted">
                    {s.name}
                  </a>
                ) : (
                  s.name
                )}
                {row.otherTrace ? (
                  <span className="ml-1 rounded bg-slate-200 px-1 font-mono text-[10px] dark:bg-slate-700">
                    trace {s.traceId.slice(0, 8)}
                  </span>
                ) : null}
              </div>
              <div>
                <div className="relative h-4 rounded bg-slate-100 dark:bg-slate-800">
                  {row.queueWait ? (
                    <div
                      className={`absolute top-1 h-2 ${row.queueWait.waitUs < 0 ? "bg-status-critical/60" : "bg-[repeating-linear-gradient(45deg,#94a3b8_0_3px,transparent_3px_6px)]"}`}
                      style={{ left: pct(row.queueWait.fromUs), width: pct(row.queueWait.toUs - row.queueWait.fromUs) }}
                      title={`queue wait ${formatMicros(row.queueWait.waitUs)}`}
                    />
                  ) : null}
                  <div
                    className={`absolute top-0 h-4 min-w-[2px] rounded ${s.error ? "bg-status-critical" : (KIND_COLOR[s.kind] ?? "bg-slate-500")}`}
                    style={{ left: pct(row.offsetUs), width: pct(s.durationUs) }}
                    title={`${formatMicros(s.durationUs)} at +${formatMicros(row.offsetUs)}`}
                  />
                </div>
                <div className="flex flex-wrap gap-x-2 text-[11px] text-slate-600 dark:text-slate-400">
                  <span>{formatMicros(s.durationUs)}</span>
                  {onSelectSpan ? (
                    <button
                      type="button"
                      onClick={() => onSelectSpan(s.spanId)}
                      onFocus={() => onSelectSpan(s.spanId)}
                      aria-pressed={selected}
                      // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
                      aria-label={`${lines} log line${lines === 1 ? "" : "s"} of span ${s.service} ${s.name}: highlight them`}
                      className="underline decoration-dotted"
                    >
                      {lines} log line{lines === 1 ? "" : "s"}
                    </button>
                  ) : null}
                  {row.queueWait ? <span>queue wait {formatMicros(row.queueWait.waitUs)}</span> : null}
                  {s.error ? <span className="text-status-critical">error</span> : null}
                  {row.skew.map((w) => (
                    <span key={w} className="font-medium text-status-warning" data-skew>
                      ⚠ clock skew: {w}
                    </span>
                  ))}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

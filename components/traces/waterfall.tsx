import {
  formatMicros,
  layoutWaterfall,
  rulerTicks,
  splitDistinguishing,
  withMissingRows,
  type MissingRow,
  type RulerTick,
} from "@/lib/view/waterfall";
import type { ExpectedSpan, WaterfallSpan } from "@/lib/view/view-model";

const KIND_COLOR: Record<string, string> = {
  producer: "bg-amber-500",
  consumer: "bg-sky-600",
  server: "bg-emerald-600",
  client: "bg-violet-500",
};

/** Label column and time column, the same on the ruler and on every row. */
const COLUMNS =
  "grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] items-center gap-2 sm:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]";

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
  /** The workflow's expected spans, in order, and the labels of those the trace lacks: drawn as placeholder rows. */
  expected?: readonly ExpectedSpan[];
  missing?: readonly string[];
  jaegerUrlFor?: (traceId: string, spanId?: string) => string | undefined;
  toleranceUs?: number;
}

/**
 * A trace as bars on one time axis: hatched bars are the time a message waited in the queue
 * between its producer and consumer spans; a consumer from another trace (joined by span
 * link) is marked; clock-skew findings are written on the row.
 */
export function Waterfall({
  spans,
  expected = [],
  missing = [],
  jaegerUrlFor,
  toleranceUs = 0,
  selectedSpanId,
  onSelectSpan,
  lineCounts,
}: Props) {
  const layout = layoutWaterfall(spans, toleranceUs);
  if (layout.rows.length === 0) return <p className="text-sm text-muted">No spans of this trace are in the sample.</p>;
  const pct = (us: number) => `${Math.max(0, Math.min(100, (us / layout.totalUs) * 100))}%`;
  const entries = withMissingRows(layout.rows, expected, missing);
  const ticks = rulerTicks(layout.totalUs);
  const names = entries.map((l) => (l.kind === "span" ? l.row.span.name : l.row.expected.name));
  const absent = entries.filter((l) => l.kind === "missing").length;
  return (
    <div className="text-xs" data-testid="waterfall">
      <p className="mb-1 text-muted">
        {layout.rows.length} spans in {layout.traceIds.length} trace{layout.traceIds.length === 1 ? "" : "s"},{" "}
        {formatMicros(layout.totalUs)} end to end
        {absent ? `, ${absent} expected span${absent === 1 ? "" : "s"} missing (dashed)` : ""}. Hatched: queue wait.
      </p>
      <Ruler ticks={ticks} pct={pct} />
      <ol className="space-y-0.5" aria-label="Spans">
        {entries.map((line) => {
          if (line.kind === "missing")
            return <MissingSpan key={`missing:${line.row.expected.label}`} row={line.row} names={names} />;
          const row = line.row;
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
              className={`${COLUMNS} scroll-mt-16 rounded ${selected ? "bg-violet-100 ring-2 ring-violet-500 dark:bg-violet-950" : ""}`}
            >
              <div
                className="flex min-w-0 items-center"
                style={{ paddingLeft: `${row.depth * 0.75}rem` }}
                title={`${s.service}: ${s.name} (${s.kind})`}
              >
                {row.viaLink ? (
                  <span aria-label="joined by span link" title={`linked from trace ${s.traceId}`} className="shrink-0">
                    ↪{" "}
                  </span>
                ) : null}
                <span className="mr-1 min-w-0 shrink-[100] truncate text-muted">{s.service}</span>
                {link ? (
                  <a href={link} target="_blank" rel="noreferrer" className="flex min-w-0 underline decoration-dotted">
                    <SpanName name={s.name} names={names} />
                  </a>
                ) : (
                  <SpanName name={s.name} names={names} />
                )}
                {row.otherTrace ? (
                  <span className="ml-1 shrink-0 rounded bg-slate-200 px-1 font-mono text-[10px] dark:bg-slate-700">
                    trace {s.traceId.slice(0, 8)}
                  </span>
                ) : null}
              </div>
              <div className="min-w-0">
                <div className="relative h-4 overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
                  <Gridlines ticks={ticks} pct={pct} />
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

/** A span name whose distinguishing part stays visible: what it shares with another name shrinks first. */
function SpanName({ name, names }: { name: string; names: readonly string[] }) {
  const { head, tail } = splitDistinguishing(name, names);
  return (
    <span className="flex min-w-0" title={name}>
      {head ? <span className="min-w-0 shrink-[1000] overflow-hidden text-ellipsis whitespace-pre">{head}</span> : null}
      <span className="min-w-0 truncate">{tail}</span>
    </span>
  );
}

/** Tick labels over the time column; the rows repeat the ticks as faint lines. */
function Ruler({ ticks, pct }: { ticks: RulerTick[]; pct: (us: number) => string }) {
  // Decorative for screen readers: each row says its own duration, the line above the total.
  return (
    <div className={`${COLUMNS} mb-0.5`} aria-hidden="true" data-testid="waterfall-ruler">
      <span className="text-muted">span</span>
      <div className="relative h-4 border-b border-slate-300 dark:border-slate-600">
        {ticks.map((t, i) => {
          const at = parseFloat(pct(t.us));
          // First label from its tick, last one back from it, so no label runs out of the column.
          const shift = i === 0 ? "0" : at > 85 ? "-100%" : "-50%";
          return (
            <span
              key={t.us}
              data-tick={t.us}
              // On a phone the first and last labels only, so they do not run into each other.
              className={`absolute top-0 whitespace-nowrap text-[11px] text-slate-600 dark:text-slate-400 ${i > 0 && i < ticks.length - 1 ? "hidden sm:inline" : ""}`}
              style={{ left: pct(t.us), transform: `translateX(${shift})` }}
            >
              {t.label}
            </span>
          );
        })}
      </div>
    </div>
  );
}

function Gridlines({ ticks, pct }: { ticks: RulerTick[]; pct: (us: number) => string }) {
  return (
    <>
      {ticks.slice(1).map((t) => (
        <div
          key={t.us}
          aria-hidden="true"
          className="absolute inset-y-0 w-px bg-slate-300/70 dark:bg-slate-600/70"
          style={{ left: pct(t.us) }}
        />
      ))}
    </>
  );
}

/** An expected span the trace never recorded: named where it would hang, dashed, said in words. */
function MissingSpan({ row, names }: { row: MissingRow; names: readonly string[] }) {
  const e = row.expected;
  return (
    <li
      className={`${COLUMNS} rounded`}
      data-missing-span={e.label}
      aria-label={`Missing expected span: ${e.service} ${e.name}${e.kind ? ` (${e.kind})` : ""}, never recorded in this trace`}
    >
      <div
        className="flex min-w-0 items-center text-status-critical"
        style={{ paddingLeft: `${row.depth * 0.75}rem` }}
        title={`${e.service}: ${e.name} (missing)`}
      >
        <span className="mr-1 min-w-0 shrink-[100] truncate">{e.service}</span>
        <SpanName name={e.name} names={names} />
      </div>
      <div className="min-w-0">
        <div className="flex h-4 items-center overflow-hidden whitespace-nowrap rounded border border-dashed border-status-critical px-1 text-[11px] font-medium text-status-critical">
          missing<span className="hidden sm:inline">: never recorded</span>
        </div>
      </div>
    </li>
  );
}

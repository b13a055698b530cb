"use client";

// Recharts is most of the workflow page's JavaScript: it loads after the page, behind a
// skeleton of the chart's exact height (no layout shift), and only where a chart is drawn.
// React.lazy rather than next/dynamic (about 1.3 KB less in the page's initial JS); the
// server and the hydrating render draw the skeleton, as next/dynamic's `ssr: false` did.
import { lazy, Suspense } from "react";
import { ChunkFailed } from "@/components/ui/chunk-failed";
import { useInBrowser } from "@/components/ui/use-in-browser";
import type { ChartMark, LineData } from "@/lib/view/view-model";
import { coincidesText } from "@/lib/view/coinciding";
import { formatClock, type TimeZoneChoice } from "@/lib/view/time-zone";
import type { CheckStatus } from "@/lib/analysis/types";
import { lineStroke } from "./line-style";
import type { ChartThreshold } from "./time-series-chart";

const HEIGHT = 220;

const TimeSeriesChart = lazy(() => import("./time-series-chart").then((m) => ({ default: m.TimeSeriesChart })));

const Skeleton = ({ height }: { height: number }) => (
  <div
    className="w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800"
    style={{ height }}
    role="img"
    aria-label="Loading chart"
  />
);

export const CHART_COLORS = ["#0284c7", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0d9488"];
export const chartColor = (i: number) => CHART_COLORS[i % CHART_COLORS.length]!;

const MARK_COLORS: Record<CheckStatus, string> = {
  ok: "#15803d",
  warning: "#b45309",
  critical: "#b91c1c",
  unknown: "#475569",
};

interface Props {
  lines: LineData[];
  thresholds?: ChartThreshold[];
  fromMs: number;
  toMs: number;
  zone: TimeZoneChoice;
  unit?: string;
  /** Whole-number ticks on the left axis: it counts messages or consumers. */
  countAxis?: boolean;
  /** The right axis's unit, when a line is drawn against it. */
  rightUnit?: string;
  /** Check transitions, marked on the time axis and listed under the legend. */
  marks?: readonly ChartMark[];
  /** The list of marks starts open (on the first chart of the page). */
  marksOpen?: boolean;
  /** Accessible description: what the chart shows, in words. */
  label: string;
  height?: number;
}

export function LazyChart({
  lines,
  thresholds,
  fromMs,
  toMs,
  zone,
  unit,
  countAxis,
  rightUnit,
  marks = [],
  marksOpen = false,
  label,
  height = HEIGHT,
}: Props) {
  const inBrowser = useInBrowser();
  const shownMarks = marks.filter((m) => m.atMs >= fromMs && m.atMs <= toMs);
  return (
    <figure aria-label={label} className="m-0">
      {inBrowser ? (
        <ChunkFailed what="chart">
          <Suspense fallback={<Skeleton height={height} />}>
            <TimeSeriesChart
              lines={lines.map((l) => ({
                key: l.key,
                label: l.label,
                color: chartColor(l.colorIndex),
                ...(l.dashed ? { dashed: true } : {}),
                ...(l.under ? { under: l.under } : {}),
                ...(l.rightAxis ? { rightAxis: true } : {}),
                points: l.points.map(([tsMs, value]) => ({ tsMs, value })),
              }))}
              thresholds={thresholds ?? []}
              fromMs={fromMs}
              toMs={toMs}
              zone={zone}
              {...(unit ? { unit } : {})}
              {...(rightUnit ? { rightUnit } : {})}
              countAxis={Boolean(countAxis)}
              marks={shownMarks.map((m, i) => ({ atMs: m.atMs, label: String(i + 1), color: MARK_COLORS[m.status] }))}
              height={height}
            />
          </Suspense>
        </ChunkFailed>
      ) : (
        <Skeleton height={height} />
      )}
      <figcaption>
        <ul
          className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-700 dark:text-slate-300"
          aria-label="Legend"
        >
          {lines.map((l) => (
            <li key={l.key} className="flex flex-wrap items-center gap-x-1" data-line={l.key}>
              <svg width="18" height="10" aria-hidden="true">
                <line
                  x1="0"
                  y1="5"
                  x2="18"
                  y2="5"
                  {...lineStroke({
                    color: chartColor(l.colorIndex),
                    ...(l.dashed ? { dashed: true } : {}),
                    ...(l.under ? { under: l.under } : {}),
                  })}
                />
              </svg>
              {l.label}
              {l.rightAxis ? <span className="text-muted">(right axis)</span> : null}
              {l.coincides ? <span className="text-muted">({coincidesText(l.coincides)}; drawn over it)</span> : null}
            </li>
          ))}
          {(thresholds ?? []).map((t) => (
            <li key={t.label} className="flex items-center gap-1">
              <svg width="18" height="6" aria-hidden="true">
                <line x1="0" y1="3" x2="18" y2="3" stroke="#dc2626" strokeWidth="2" strokeDasharray="6 3" />
              </svg>
              {t.label}
            </li>
          ))}
        </ul>
        {shownMarks.length > 0 ? (
          // Folded: the same marks stand on every chart of the page; one click opens the key.
          <details className="mt-1 text-xs text-slate-700 dark:text-slate-300" open={marksOpen}>
            <summary className="cursor-pointer">
              {shownMarks.length} check change{shownMarks.length === 1 ? "" : "s"} marked on the time axis
            </summary>
            <ol className="mt-1 space-y-0.5" aria-label="Check changes on the time axis">
              {shownMarks.map((m, i) => (
                <li key={m.atMs} className="flex gap-1">
                  <span className="font-semibold" style={{ color: MARK_COLORS[m.status] }}>
                    {i + 1}
                  </span>
                  <span className="tabular-nums">{formatClock(m.atMs, zone, "seconds")}</span>
                  <span>{m.text}</span>
                </li>
              ))}
            </ol>
          </details>
        ) : null}
      </figcaption>
    </figure>
  );
}

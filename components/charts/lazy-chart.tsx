"use client";

// Recharts is most of the workflow page's JavaScript: it loads after the page, behind a
// skeleton of the chart's exact height (no layout shift), and only where a chart is drawn.
import dynamic from "next/dynamic";
import type { LineData } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import type { ChartThreshold } from "./time-series-chart";

const HEIGHT = 220;

const TimeSeriesChart = dynamic(() => import("./time-series-chart").then((m) => m.TimeSeriesChart), {
  ssr: false,
  loading: () => <div className="w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" style={{ height: HEIGHT }} aria-label="Loading chart" />,
});

export const CHART_COLORS = ["#0284c7", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0d9488"];
export const chartColor = (i: number) => CHART_COLORS[i % CHART_COLORS.length]!;

interface Props {
  lines: LineData[];
  thresholds?: ChartThreshold[];
  fromMs: number;
  toMs: number;
  zone: TimeZoneChoice;
  unit?: string;
  /** Accessible description: what the chart shows, in words. */
  label: string;
}

export function LazyChart({ lines, thresholds, fromMs, toMs, zone, unit, label }: Props) {
  return (
    <figure aria-label={label} className="m-0">
      <TimeSeriesChart
        lines={lines.map((l) => ({ key: l.key, label: l.label, color: chartColor(l.colorIndex), ...(l.dashed ? { dashed: true } : {}), points: l.points.map(([tsMs, value]) => ({ tsMs, value })) }))}
        thresholds={thresholds ?? []}
        fromMs={fromMs}
        toMs={toMs}
        zone={zone}
        {...(unit ? { unit } : {})}
        height={HEIGHT}
      />
      <figcaption>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-700 dark:text-slate-300" aria-label="Legend">
          {lines.map((l) => (
            <li key={l.key} className="flex items-center gap-1">
              <svg width="18" height="6" aria-hidden="true">
                <line x1="0" y1="3" x2="18" y2="3" stroke={chartColor(l.colorIndex)} strokeWidth="2" strokeDasharray={l.dashed ? "4 2" : undefined} />
              </svg>
              {l.label}
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
      </figcaption>
    </figure>
  );
}

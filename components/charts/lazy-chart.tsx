"use client";

// Recharts is most of the workflow page's JavaScript: it loads after the page, behind a
// skeleton of the chart's exact height (no layout shift), and only where a chart is drawn.
// React.lazy rather than next/dynamic (about 1.3 KB less in the page's initial JS); the
// server and the hydrating render draw the skeleton, as next/dynamic's `ssr: false` did.
import { lazy, Suspense, useSyncExternalStore } from "react";
import type { LineData } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import type { ChartThreshold } from "./time-series-chart";

const HEIGHT = 220;

const TimeSeriesChart = lazy(() => import("./time-series-chart").then((m) => ({ default: m.TimeSeriesChart })));

const Skeleton = () => (
  <div
    className="w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800"
    style={{ height: HEIGHT }}
    role="img"
    aria-label="Loading chart"
  />
);

const noSubscription = () => () => {};
/** False on the server and while hydrating, true after: charts are drawn in the browser only. */
const useInBrowser = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

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
  const inBrowser = useInBrowser();
  return (
    <figure aria-label={label} className="m-0">
      {inBrowser ? (
        <Suspense fallback={<Skeleton />}>
          <TimeSeriesChart
            lines={lines.map((l) => ({
              key: l.key,
              label: l.label,
              color: chartColor(l.colorIndex),
              ...(l.dashed ? { dashed: true } : {}),
              points: l.points.map(([tsMs, value]) => ({ tsMs, value })),
            }))}
            thresholds={thresholds ?? []}
            fromMs={fromMs}
            toMs={toMs}
            zone={zone}
            {...(unit ? { unit } : {})}
            height={HEIGHT}
          />
        </Suspense>
      ) : (
        <Skeleton />
      )}
      <figcaption>
        <ul
          className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-700 dark:text-slate-300"
          aria-label="Legend"
        >
          {lines.map((l) => (
            <li key={l.key} className="flex items-center gap-1">
              <svg width="18" height="6" aria-hidden="true">
                <line
                  x1="0"
                  y1="3"
                  x2="18"
                  y2="3"
                  stroke={chartColor(l.colorIndex)}
                  strokeWidth="2"
                  strokeDasharray={l.dashed ? "4 2" : undefined}
                />
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

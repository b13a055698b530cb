"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";
import { LOG_COUNT_COLORS } from "./log-count-colors";
import { timeTicks } from "./time-series-chart";

interface Props {
  points: ReadonlyArray<{ tsMs: number; error: number; warn: number }>;
  stepSeconds: number;
  fromMs: number;
  toMs: number;
  zone: TimeZoneChoice;
  height: number;
}

/** One service's error and warning lines per step, stacked. Counts: whole numbers, never a gap. */
export function LogCountChart({ points, stepSeconds, fromMs, toMs, zone, height }: Props) {
  const ticks = timeTicks(fromMs, toMs, 5);
  const withSeconds = ticks.some((t) => t % 60_000 !== 0);
  // Bars sit at the middle of their step, so a step's bar covers the time it counts.
  const rows = points.map((p) => ({ ...p, x: p.tsMs + (stepSeconds * 1000) / 2 }));
  return (
    <div style={{ height }} className="w-full">
      <BarChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={rows}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        barCategoryGap={1}
      >
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
        <XAxis
          dataKey="x"
          type="number"
          scale="linear"
          niceTicks="none"
          domain={[fromMs, toMs]}
          ticks={ticks}
          tickFormatter={(ms: number) => formatClock(ms, zone, withSeconds ? "seconds" : "minutes")}
          fontSize={11}
        />
        <YAxis fontSize={11} width={36} allowDecimals={false} domain={[0, (max: number) => Math.max(1, max)]} />
        <Tooltip
          contentStyle={{ backgroundColor: "Canvas", color: "CanvasText", fontSize: 12 }}
          labelFormatter={(x) => `${formatTimestamp(Number(x) - (stepSeconds * 1000) / 2, zone)} (${stepSeconds} s)`}
          formatter={(value, name) => [`${Number(value)} line${Number(value) === 1 ? "" : "s"}`, name]}
        />
        <Bar dataKey="error" name="error" stackId="level" fill={LOG_COUNT_COLORS.error} isAnimationActive={false} />
        <Bar dataKey="warn" name="warn" stackId="level" fill={LOG_COUNT_COLORS.warn} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}

"use client";

import { timeTicks } from "@/lib/view/time-ticks";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";

export interface ChartLine {
  key: string;
  label: string;
  /** `null` where there is no sample: drawn as a gap, never as zero. */
  points: ReadonlyArray<{ tsMs: number; value: number | null }>;
  color: string;
  dashed?: boolean;
}

export interface ChartThreshold {
  value: number;
  label: string;
}

interface Props {
  lines: ChartLine[];
  thresholds?: ChartThreshold[];
  fromMs: number;
  toMs: number;
  zone: TimeZoneChoice;
  unit?: string;
  height?: number;
}

const LINE_COLORS = ["#0284c7", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0d9488"];
export function lineColor(index: number): string {
  return LINE_COLORS[index % LINE_COLORS.length] as string;
}

/** Rows keyed by timestamp, one column per line; a line without a sample there gets null. */
function toRows(lines: ChartLine[]): Array<Record<string, number | null>> {
  const rows = new Map<number, Record<string, number | null>>();
  for (const line of lines) {
    for (const point of line.points) {
      const row = rows.get(point.tsMs) ?? { tsMs: point.tsMs };
      row[line.key] = point.value !== null && Number.isFinite(point.value) ? point.value : null;
      rows.set(point.tsMs, row);
    }
  }
  return [...rows.values()].sort((a, b) => (a.tsMs as number) - (b.tsMs as number));
}

function shortTime(ms: number, zone: TimeZoneChoice, withSeconds: boolean): string {
  return formatClock(ms, zone, withSeconds ? "seconds" : "minutes");
}

/** A line chart over a fixed window. Takes data, never fetches. */
export function TimeSeriesChart({ lines, thresholds = [], fromMs, toMs, zone, unit, height = 220 }: Props) {
  const rows = toRows(lines);
  const ticks = timeTicks(fromMs, toMs);
  const withSeconds = ticks.some((t) => t % 60_000 !== 0);
  return (
    <div style={{ height }} className="w-full">
      {/* `responsive`: the chart follows its box's size (ResizeObserver), as ResponsiveContainer
          did, without that component's code. */}
      <LineChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={rows}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
        <XAxis
          dataKey="tsMs"
          type="number"
          // Linear on epoch milliseconds: the same positions as a time scale, whose d3 code
          // (d3-time, d3-time-format) is left out of the bundle (build/d3-scale.js). Ticks and
          // labels are ours; no "nice" ticks, so the domain stays exactly the window.
          scale="linear"
          niceTicks="none"
          domain={[fromMs, toMs]}
          ticks={ticks}
          tickFormatter={(ms: number) => shortTime(ms, zone, withSeconds)}
          fontSize={11}
        />
        <YAxis fontSize={11} width={48} unit={unit} allowDecimals />
        <Tooltip
          contentStyle={{ backgroundColor: "Canvas", color: "CanvasText", fontSize: 12 }}
          labelFormatter={(ms) => formatTimestamp(Number(ms), zone)}
          formatter={(value) =>
            value === null || value === undefined
              ? "no data"
              : `${Number(value).toLocaleString("en-GB", { maximumFractionDigits: 2 })}${unit ?? ""}`
          }
        />
        {thresholds.map((threshold) => (
          <ReferenceLine
            key={threshold.label}
            y={threshold.value}
            stroke="#dc2626"
            strokeDasharray="6 3"
            label={{ value: threshold.label, fontSize: 11, position: "insideTopRight" }}
          />
        ))}
        {lines.map((line) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.label}
            stroke={line.color}
            strokeDasharray={line.dashed ? "4 2" : undefined}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
            type="linear"
          />
        ))}
      </LineChart>
    </div>
  );
}

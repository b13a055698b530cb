"use client";

import { timeTicks } from "@/lib/view/time-ticks";
import { Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartGrid } from "./chart-grid";
import { lineStroke } from "./line-style";
import { formatClock, formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";

export interface ChartLine {
  key: string;
  label: string;
  /** `null` where there is no sample: drawn as a gap, never as zero. */
  points: ReadonlyArray<{ tsMs: number; value: number | null }>;
  color: string;
  dashed?: boolean;
  /** How many coinciding lines are drawn over this one (it is drawn wider and paler). */
  under?: number;
  /** Against the right-hand axis (a count beside rates). */
  rightAxis?: boolean;
}

/** A check transition: a vertical mark on the time axis, numbered as in the list under the chart. */
export interface ChartMarkLine {
  atMs: number;
  label: string;
  color: string;
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
  /** Whole-number ticks on the left axis (it counts messages or consumers). */
  countAxis?: boolean;
  /** The right axis, when a line uses it: always a count. */
  rightUnit?: string;
  marks?: ChartMarkLine[];
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
export function TimeSeriesChart({
  lines,
  thresholds = [],
  fromMs,
  toMs,
  zone,
  unit,
  countAxis = false,
  rightUnit,
  marks = [],
  height = 220,
}: Props) {
  const rows = toRows(lines);
  const rightKeys = new Set(lines.filter((l) => l.rightAxis).map((l) => l.key));
  const right = rightKeys.size > 0;
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
        margin={{ top: 14, right: right ? 0 : 16, bottom: 0, left: 0 }}
      >
        <ChartGrid yAxisId="left" />
        <XAxis
          dataKey="tsMs"
          type="number"
          // Linear on epoch milliseconds: the same positions as a time scale. Ticks and labels
          // are ours; no "nice" ticks, so the domain stays exactly the window. (d3-time and
          // d3-time-format still ship in the chart chunk: recharts imports d3-scale whole, and
          // the build/ alias that left them out is gone, see docs/workflow-page.md "Size".)
          scale="linear"
          niceTicks="none"
          domain={[fromMs, toMs]}
          ticks={ticks}
          tickFormatter={(ms: number) => shortTime(ms, zone, withSeconds)}
          fontSize={11}
        />
        <YAxis yAxisId="left" fontSize={11} width={48} unit={unit} allowDecimals={!countAxis} />
        {right ? (
          <YAxis yAxisId="right" orientation="right" fontSize={11} width={48} unit={rightUnit} allowDecimals={false} />
        ) : null}
        <Tooltip
          contentStyle={{ backgroundColor: "Canvas", color: "CanvasText", fontSize: 12 }}
          labelFormatter={(ms) => formatTimestamp(Number(ms), zone)}
          formatter={(value, _name, item) =>
            value === null || value === undefined
              ? "no data"
              : `${Number(value).toLocaleString("en-GB", { maximumFractionDigits: 2 })}${(rightKeys.has(String(item.dataKey)) ? rightUnit : unit) ?? ""}`
          }
        />
        {marks.map((mark) => (
          <ReferenceLine
            key={`mark:${mark.atMs}`}
            yAxisId="left"
            x={mark.atMs}
            stroke={mark.color}
            strokeDasharray="2 2"
            label={{ value: mark.label, fontSize: 10, position: "top", fill: mark.color }}
          />
        ))}
        {thresholds.map((threshold) => (
          <ReferenceLine
            yAxisId="left"
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
            yAxisId={line.rightAxis ? "right" : "left"}
            {...lineStroke(line)}
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

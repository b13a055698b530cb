import { formatClock, formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";
import { timeTicks } from "@/lib/view/time-ticks";
import { LOG_COUNT_COLORS } from "./log-count-colors";

interface Props {
  points: ReadonlyArray<{ tsMs: number; error: number; warn: number }>;
  stepSeconds: number;
  fromMs: number;
  toMs: number;
  zone: TimeZoneChoice;
  height: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * One service's error and warning lines per step, stacked bars drawn with plain elements: a bar
 * per step needs no chart library, and leaving recharts out keeps this panel in the page's first
 * load (drawn by the server, no skeleton). Counts are whole numbers, never a gap: a step without a
 * line draws no bar. Each bar's title says its step and counts.
 */
export function LogCountChart({ points, stepSeconds, fromMs, toMs, zone, height }: Props) {
  const spanMs = Math.max(1, toMs - fromMs);
  const stepMs = stepSeconds * 1000;
  const max = Math.max(1, ...points.map((p) => p.error + p.warn));
  const ticks = timeTicks(fromMs, toMs, 5);
  const withSeconds = ticks.some((t) => t % 60_000 !== 0);
  const percentOf = (ms: number) => `${(Math.min(Math.max(ms - fromMs, 0), spanMs) / spanMs) * 100}%`;
  const bars = points.filter((p) => p.error + p.warn > 0 && p.tsMs < toMs && p.tsMs + stepMs > fromMs);
  return (
    <div
      className="w-full text-[11px] text-muted"
      role="img"
      aria-label={`Error and warning lines per ${stepSeconds} s step, at most ${plural(max, "line")} in one step`}
    >
      <div className="flex" style={{ height: height - 16 }}>
        <div className="flex w-9 shrink-0 flex-col justify-between pr-1 text-right tabular-nums">
          <span>{max}</span>
          <span>0</span>
        </div>
        <div className="relative min-w-0 flex-1 border-b border-l border-slate-400/50">
          {bars.map((p) => {
            const total = p.error + p.warn;
            return (
              <div
                key={p.tsMs}
                className="absolute bottom-0 flex flex-col-reverse px-px"
                style={{
                  left: percentOf(p.tsMs),
                  width: `${(stepMs / spanMs) * 100}%`,
                  height: `${(total / max) * 100}%`,
                }}
                title={`${formatTimestamp(p.tsMs, zone)} (${stepSeconds} s): ${plural(p.error, "error")}, ${plural(p.warn, "warning")}`}
              >
                <div style={{ height: `${(p.error / total) * 100}%`, backgroundColor: LOG_COUNT_COLORS.error }} />
                <div style={{ height: `${(p.warn / total) * 100}%`, backgroundColor: LOG_COUNT_COLORS.warn }} />
              </div>
            );
          })}
        </div>
      </div>
      <div className="relative ml-9 h-4">
        {ticks.map((t) => (
          <span key={t} className="absolute top-0.5 -translate-x-1/2 tabular-nums" style={{ left: percentOf(t) }}>
            {formatClock(t, zone, withSeconds ? "seconds" : "minutes")}
          </span>
        ))}
      </div>
    </div>
  );
}

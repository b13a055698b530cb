// A small trend line as plain SVG (no chart library, no client JS): for lists and tables.
// A null value breaks the line (a gap), it is never drawn as zero. Scaled to its own data, so it
// prints its top value: 0–2 messages of noise must not look like a 0 → 900 backlog.

/** The top of the scale as people read it (3 significant digits, no trailing zeros). */
export const formatScaleMax = (value: number): string =>
  new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 }).format(value);

export interface SparkLine {
  points: ReadonlyArray<readonly [number, number | null]>;
  color: string;
  dashed?: boolean;
  label: string;
}

interface Props {
  lines: SparkLine[];
  width?: number;
  height?: number;
  /** Fixed y range (e.g. [0, 1] for shares); default from the data, starting at 0. */
  yDomain?: [number, number];
  title: string;
}

function segments(points: SparkLine["points"], x: (t: number) => number, y: (v: number) => number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const [t, v] of points) {
    if (v === null || !Number.isFinite(v)) {
      if (current.length) out.push(current.join(" "));
      current = [];
      continue;
    }
    current.push(`${x(t).toFixed(1)},${y(v).toFixed(1)}`);
  }
  if (current.length) out.push(current.join(" "));
  return out;
}

export function Sparkline({ lines, width = 160, height = 36, yDomain, title }: Props) {
  const all = lines.flatMap((l) => l.points);
  const ts = all.map((p) => p[0]);
  const vs = all.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v));
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const [y0, y1] = yDomain ?? [0, Math.max(1, ...vs)];
  // A fixed domain (shares) says its scale in the title; a data-scaled one prints its top.
  const scaleText = yDomain || vs.length === 0 ? undefined : `max ${formatScaleMax(Math.max(...vs))}`;
  const pad = 2;
  const x = (t: number) => (t1 > t0 ? pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad) : width / 2);
  const y = (v: number) => height - pad - ((v - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  const empty = vs.length === 0;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={empty ? `${title}: no data` : scaleText ? `${title} (${scaleText})` : title}
      className="overflow-visible"
    >
      <title>{empty ? `${title}: no data` : scaleText ? `${title} (${scaleText})` : title}</title>
      <rect x={0} y={0} width={width} height={height} rx={3} className="fill-slate-50 dark:fill-slate-900" />
      {scaleText ? (
        <text
          x={width - pad}
          y={9}
          textAnchor="end"
          fontSize={9}
          className="fill-slate-600 dark:fill-slate-400"
          data-scale-max
        >
          {scaleText}
        </text>
      ) : null}
      {empty ? (
        <text
          x={width / 2}
          y={height / 2 + 4}
          textAnchor="middle"
          fontSize={10}
          className="fill-slate-600 dark:fill-slate-400"
        >
          no data
        </text>
      ) : (
        lines.flatMap((line) =>
          segments(line.points, x, y).map((pts, i) =>
            pts.includes(" ") ? (
              <polyline
                key={`${line.label}-${i}`}
                points={pts}
                fill="none"
                stroke={line.color}
                strokeWidth={1.5}
                strokeDasharray={line.dashed ? "3 2" : undefined}
              />
            ) : (
              <circle
                key={`${line.label}-${i}`}
                cx={Number(pts.split(",")[0])}
                cy={Number(pts.split(",")[1])}
                r={1.5}
                fill={line.color}
              />
            ),
          ),
        )
      )}
    </svg>
  );
}

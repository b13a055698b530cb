// How a line is stroked, in the chart and in its legend alike. A line that others coincide
// with (lib/view/coinciding.ts) is drawn wider and paler under them, wider the more lines are
// stacked on it, so each colour still shows at the edges where the lines draw as one.
export function lineStroke(line: { color: string; dashed?: boolean; under?: number }) {
  const under = Math.min(line.under ?? 0, 4);
  return {
    stroke: line.color,
    strokeWidth: 2 + 2 * under,
    strokeOpacity: under > 0 ? 0.45 : 1,
    strokeDasharray: line.dashed ? "4 2" : undefined,
  };
}

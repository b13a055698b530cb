import { usePlotArea, useXAxisTicks, useYAxisTicks } from "recharts";

/**
 * A chart's grid: dashed lines at the time axis' ticks and at one value axis' ticks, placed with
 * recharts' public hooks (3.8+), in the text colour at a quarter strength (so dark mode gets a
 * grid too). It replaced recharts' CartesianGrid, which carried about 2.6 KB gzipped of options
 * the page never uses and had kept the workflow page over its 275-KB budget
 * (docs/workflow-page.md, "Size"). CartesianGrid, as we had it, drew horizontal lines only at the
 * plot's top and bottom (its default axis id matched none of ours); this one draws one per tick.
 */
export function ChartGrid({ yAxisId }: { yAxisId: string }) {
  const area = usePlotArea();
  const xTicks = useXAxisTicks();
  const yTicks = useYAxisTicks(yAxisId);
  if (!area) return null;
  return (
    <g aria-hidden="true" stroke="currentColor" strokeOpacity={0.25} strokeDasharray="3 3" data-testid="chart-grid">
      {yTicks?.map((tick) => (
        <line
          key={`y:${tick.coordinate}`}
          x1={area.x}
          x2={area.x + area.width}
          y1={tick.coordinate}
          y2={tick.coordinate}
        />
      ))}
      {xTicks?.map((tick) => (
        <line
          key={`x:${tick.coordinate}`}
          x1={tick.coordinate}
          x2={tick.coordinate}
          y1={area.y}
          y2={area.y + area.height}
        />
      ))}
    </g>
  );
}

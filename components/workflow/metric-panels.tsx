"use client";

import { TimedText } from "@/components/ui/timed-text";
import { LazyChart } from "@/components/charts/lazy-chart";
import { Panel } from "@/components/ui/panel";
import { capitalise } from "@/lib/domain/destination";
import type { ChartData, LineData, PanelData, WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { CHART_PANELS } from "@/lib/view/anchors";
import { panelState } from "./panel-state";

const CHART_MIN_HEIGHT = 280;

/** Slots where a line has no sample, counted as runs: each is a gap drawn on the chart. */
export function gapCount(lines: readonly LineData[]): number {
  let gaps = 0;
  for (const l of lines) {
    let inGap = false;
    let seenValue = false;
    for (const [, v] of l.points) {
      if (v === null) {
        if (seenValue && !inGap) gaps++;
        inGap = true;
      } else {
        inGap = false;
        seenValue = true;
      }
    }
  }
  return gaps;
}

function Notes({ panel, gapReason, zone }: { panel: PanelData<ChartData>; gapReason: string; zone: TimeZoneChoice }) {
  if (!panel.ok) return null;
  const gaps = gapCount(panel.data.lines);
  const empty = panel.data.lines.every((l) => l.points.every(([, v]) => v === null));
  return (
    <div className="mt-2 space-y-1 text-xs text-slate-600 dark:text-slate-400">
      {empty ? <p className="font-medium text-status-unknown">No samples in this window: {gapReason}.</p> : null}
      {!empty && gaps > 0 ? (
        <p>
          {gaps} gap{gaps === 1 ? "" : "s"} in the lines: {gapReason} (drawn as a break, never as zero).
        </p>
      ) : null}
      {panel.notes.map((n) => (
        <p key={n}>
          <TimedText text={n} zone={zone} />
        </p>
      ))}
    </div>
  );
}

interface Props {
  view: WorkflowViewModel;
  zone: TimeZoneChoice;
}

const PROM_GAP = "Prometheus has no sample there (missed scrape, or the series did not exist yet)";

/** How far back the rate lines look, said on the chart (it is a lag where over two steps). */
function Caption({ text }: { text: string | undefined }) {
  return text ? <p className="mb-1 text-xs text-slate-700 dark:text-slate-300">{text}</p> : null;
}

export function MetricPanels({ view, zone }: Props) {
  const { charts, window } = view;
  const q = view.words.destination;
  // Marks of check transitions on every chart; older view JSON (a cached page) has none.
  const common = { fromMs: window.fromMs, toMs: window.toMs, zone, marks: view.chartMarks ?? [] };
  const flows = charts.flows;
  return (
    <>
      {flows?.ok && flows.data.flows.length > 1 ? (
        <Panel
          id={CHART_PANELS.flows.id}
          title={CHART_PANELS.flows.title.replace("queue", q)}
          subtitle={`Each ${q} on its own: publish rate (solid), ack rate (dashed) and messages waiting (right axis), on one time axis. Acks falling while waiting climbs is a consumer that stopped.`}
          state={panelState(flows)}
          minHeight={CHART_MIN_HEIGHT}
        >
          <Caption text={flows.data.flows[0]?.caption} />
          <div className="grid gap-4 md:grid-cols-2">
            {flows.data.flows.map((f, i) => (
              <section
                key={f.destination}
                aria-label={`${f.destination}: publish, ack and waiting`}
                data-flow={f.destination}
              >
                <h3 className="font-mono text-xs font-semibold break-words">{f.destination}</h3>
                <Caption text={f.note} />
                <LazyChart
                  {...common}
                  lines={f.lines}
                  unit="/s"
                  rightUnit=""
                  marksOpen={i === 0}
                  height={180}
                  label={`${f.destination}: publish and ack rates, and messages waiting, over the window`}
                />
              </section>
            ))}
          </div>
          <Notes
            panel={{ ok: true, data: { lines: flows.data.flows.flatMap((f) => f.lines) }, notes: flows.notes }}
            gapReason={PROM_GAP}
            zone={zone}
          />
        </Panel>
      ) : null}
      <Panel
        id={CHART_PANELS.throughput.id}
        title={CHART_PANELS.throughput.title}
        subtitle={`Messages per second per ${q}; solid publish, dashed ack. Acks below publishes means a backlog builds.`}
        state={panelState(charts.throughput)}
        minHeight={CHART_MIN_HEIGHT}
      >
        {charts.throughput.ok ? (
          <>
            <Caption text={charts.throughput.data.caption} />
            <LazyChart
              {...common}
              lines={charts.throughput.data.lines}
              unit="/s"
              label={`Publish and ack rates per ${q} over the window`}
            />
            <Notes panel={charts.throughput} gapReason={PROM_GAP} zone={zone} />
          </>
        ) : null}
      </Panel>
      <Panel
        id={CHART_PANELS.depth.id}
        title={CHART_PANELS.depth.title}
        subtitle={`Waiting (solid) and in-flight, delivered but not acknowledged (dashed) messages per ${q}.`}
        state={panelState(charts.depth)}
        minHeight={CHART_MIN_HEIGHT}
      >
        {charts.depth.ok ? (
          <>
            <LazyChart
              {...common}
              lines={charts.depth.data.lines}
              countAxis
              label={`Waiting and in-flight depth per ${q} over the window`}
            />
            <Notes panel={charts.depth} gapReason={PROM_GAP} zone={zone} />
          </>
        ) : null}
      </Panel>
      <Panel
        id={CHART_PANELS.age.id}
        title={CHART_PANELS.age.title}
        subtitle={`Time since each ${q} was last empty (an upper bound on the oldest message's age, solid) and the time to drain at the current net rate (dashed).`}
        state={panelState(charts.age)}
        minHeight={CHART_MIN_HEIGHT}
      >
        {charts.age.ok ? (
          <>
            <LazyChart
              {...common}
              lines={charts.age.data.lines}
              unit="s"
              thresholds={[
                {
                  value: view.thresholds.oldestMessageAgeSeconds,
                  label: `age limit ${view.thresholds.oldestMessageAgeSeconds}s`,
                },
              ]}
              label={`Oldest message age and time to drain per ${q}`}
            />
            {/* Fixed layout, long words broken: the drain text must not push a phone's page sideways. */}
            <table className="mt-2 w-full table-fixed text-left text-xs">
              <caption className="sr-only">Oldest message and time to drain, now</caption>
              <thead className="text-muted">
                <tr>
                  <th className="py-1 font-normal">{capitalise(view.words.destination)}</th>
                  <th className="py-1 font-normal">Oldest message now</th>
                  <th className="py-1 font-normal">Time to drain</th>
                </tr>
              </thead>
              <tbody>
                {charts.age.data.rows.map((r) => (
                  <tr key={r.destination} className="border-t border-slate-100 align-top dark:border-slate-800">
                    <td className="py-1 pr-2 font-mono break-words">{r.destination}</td>
                    <td className="py-1 pr-2" title={r.method}>
                      {r.ageSeconds === null ? "—" : `${r.ageSeconds} s`}
                    </td>
                    <td className="py-1 break-words">{r.drainText}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Notes
              panel={charts.age}
              gapReason={`${PROM_GAP}; time to drain is also absent where the ${q} is not draining`}
              zone={zone}
            />
          </>
        ) : null}
      </Panel>
      <Panel
        id={CHART_PANELS.consumers.id}
        title={CHART_PANELS.consumers.title}
        subtitle={`Consumers attached to each ${q}. Zero on a work ${q} while depth grows is a dead consumer.`}
        state={panelState(charts.consumers)}
        minHeight={CHART_MIN_HEIGHT}
      >
        {charts.consumers.ok ? (
          <>
            <LazyChart
              {...common}
              lines={charts.consumers.data.lines}
              countAxis
              label={`Consumers per ${q} over the window`}
            />
            <Notes panel={charts.consumers} gapReason={PROM_GAP} zone={zone} />
          </>
        ) : null}
      </Panel>
      <Panel
        id={CHART_PANELS.dlq.id}
        title={CHART_PANELS.dlq.title}
        subtitle={`Depth of each ${view.words.deadLetter}, by the workflow ${q} whose failed messages it holds.`}
        state={panelState(charts.dlq)}
        minHeight={CHART_MIN_HEIGHT}
      >
        {charts.dlq.ok ? (
          <>
            {charts.dlq.data.lines.length > 0 ? (
              <LazyChart
                {...common}
                lines={charts.dlq.data.lines}
                countAxis
                label={`${capitalise(view.words.deadLetter)} depth per source ${q}`}
              />
            ) : null}
            <ul className="mt-2 space-y-1 text-xs">
              {charts.dlq.data.rows.map((r) => (
                <li key={`${r.source}:${r.deadLetter}`}>
                  <span className="font-mono">{r.source}</span> → <span className="font-mono">{r.deadLetter}</span>:{" "}
                  {r.depth === null ? "depth unknown" : `${r.depth} message${r.depth === 1 ? "" : "s"} now`}
                </li>
              ))}
            </ul>
            <Notes panel={charts.dlq} gapReason={PROM_GAP} zone={zone} />
          </>
        ) : null}
      </Panel>
    </>
  );
}

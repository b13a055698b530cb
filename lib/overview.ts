import "server-only";
import path from "node:path";
import type { WorkflowListItem } from "@/components/workflow/workflow-list";
import { appConfig, configFilePath } from "@/lib/config";
import type { SourceStatus } from "@/lib/domain/source";
import { sourceStatuses } from "@/lib/sources/registry";
import { metricPanels } from "@/lib/view/chart-data";
import { parseTimeRange } from "@/lib/view/time-range";
import type { LineData, Point } from "@/lib/view/view-model";
import { evaluateShared, latestEvaluation, noteReused, type Evaluation } from "@/lib/evaluate";
import { OVERVIEW_REUSE_MS, reuseDecision } from "@/lib/evaluate/reuse";
import type { WorkflowConfig } from "@/lib/config/schema";
import { presentHealth } from "@/lib/view/health";
import { alignedNow } from "@/lib/view/time-range";
import { numberRow } from "@/lib/view/number-row";

export interface Overview {
  configFile: string;
  sources: SourceStatus[];
  workflows: WorkflowListItem[];
  window: { fromMs: number; toMs: number };
}

const RANK = { critical: 0, warning: 1, unknown: 2, ok: 3 } as const;

/** Sum of lines slot by slot; a slot where any line has no sample is a gap (a partial sum would lie). */
export function sumLines(lines: readonly LineData[]): Point[] {
  if (lines.length === 0) return [];
  return lines[0]!.points.map(([t], i): Point => {
    let total = 0;
    for (const l of lines) {
      const v = l.points[i]?.[1];
      if (v === null || v === undefined) return [t, null];
      total += v;
    }
    return [t, total];
  });
}

/** An evaluation to show, and the end of the window it judged when that is not the current one. */
interface Shown {
  evaluation: Evaluation;
  asOfMs?: number;
}

/**
 * The workflow's latest evaluation over the default window if it is recent and clean (the check
 * sweep makes one every 30 s; lib/evaluate/reuse.ts says when), otherwise a new one. Evaluating
 * every workflow cold took the overview 6–20 s on every load (docs/scale.md).
 */
async function shownEvaluation(
  workflow: WorkflowConfig,
  window: { fromMs: number; toMs: number },
  nowMs: number,
  liveSources: Promise<SourceStatus[]>,
): Promise<Shown> {
  const kept = latestEvaluation(workflow);
  const ask = { current: window, nowMs, maxAgeMs: OVERVIEW_REUSE_MS };
  // Judged on age first, so that a workflow with nothing recent starts evaluating at once.
  if (kept && reuseDecision(kept, { ...ask, sources: [] }).reuse) {
    const decision = reuseDecision(kept, { ...ask, sources: await liveSources });
    if (decision.reuse) {
      noteReused();
      return kept.window.toMs < window.toMs
        ? { evaluation: kept.evaluation, asOfMs: kept.window.toMs }
        : { evaluation: kept.evaluation };
    }
  }
  return { evaluation: await evaluateShared(workflow, window) };
}

/**
 * What the overview shows: each workflow's verdict over the last 15 minutes with a one-line
 * reason and small trends (depth; publish vs ack), worst first. The evaluation is one the
 * workflow page's default view makes (the same window, shared), at most OVERVIEW_REUSE_MS old
 * and then labelled with its time, so the overview and the page never disagree.
 */
export async function loadOverview(nowMs = Date.now()): Promise<Overview> {
  const config = appConfig();
  const parsed = parseTimeRange({}, alignedNow(nowMs));
  if (!parsed.ok) throw new Error(`default window does not parse: ${parsed.problem.message}`);
  const window = { fromMs: parsed.range.fromMs, toMs: parsed.range.toMs };
  const liveSources = sourceStatuses();
  const [sources, shown] = await Promise.all([
    liveSources,
    Promise.all(config.workflows.map((w) => shownEvaluation(w, window, nowMs, liveSources))),
  ]);
  const workflows = config.workflows.map((workflow, i): WorkflowListItem => {
    const { evaluation, asOfMs } = shown[i]!;
    const health = presentHealth(evaluation, config);
    const { charts } = metricPanels(workflow, evaluation.signals, health);
    const depth = charts.depth.ok ? sumLines(charts.depth.data.lines.filter((l) => l.key.startsWith("waiting:"))) : [];
    const publish = charts.throughput.ok
      ? sumLines(charts.throughput.data.lines.filter((l) => l.key.startsWith("published:")))
      : [];
    const ack = charts.throughput.ok
      ? sumLines(charts.throughput.data.lines.filter((l) => l.key.startsWith("acked:")))
      : [];
    return {
      id: workflow.id,
      name: workflow.name,
      ...(workflow.description ? { description: workflow.description.trim() } : {}),
      destinationNames: workflow.destinations.map((d) => d.ref.name),
      destinationWord: workflow.vocabulary.destinations,
      status: health.status,
      reason: oneLine(health.summary),
      ...(asOfMs !== undefined ? { asOfMs } : {}),
      // The numbers the workflow page shows under its headline, and its link preview.
      numbers: numberRow(workflow, evaluation.signals, health),
      trends: {
        depth,
        publish,
        ack,
        ...(charts.depth.ok ? {} : { depthMissing: `no data from ${charts.depth.source}` }),
        ...(charts.throughput.ok ? {} : { rateMissing: `no data from ${charts.throughput.source}` }),
      },
    };
  });
  workflows.sort((a, b) => RANK[a.status] - RANK[b.status] || a.name.localeCompare(b.name));
  return { configFile: path.basename(configFilePath()), sources, workflows, window };
}

/** The first sentence of a verdict summary, at most ~180 characters. */
export function oneLine(summary: string): string {
  const first = summary.match(/^.*?[.!?](\s|$)/)?.[0]?.trim() ?? summary;
  return first.length > 180 ? `${first.slice(0, 177)}…` : first;
}

import "server-only";
// One configured workflow's drift, for its page (GET /api/workflows/{id}/drift): the live
// sources read for this flow alone (the producer's service's traces and the broker; not
// Prometheus, which drift does not use), or the workflow's recording when it replays one.
// Apart from the evaluation, so a slow discovery read never delays the verdict.
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import { BROKER_NAMES } from "@/lib/sources/brokers";
import { readDiscoveryInput, type DiscoveryRead, type DiscoveryReadOptions } from "@/lib/sources/discovery";
import { recordingOf } from "@/lib/sources/recording/readers";
import { configDrift, NO_PRODUCER, type DriftReport } from "./drift";
import { discoveryInputFromRecording } from "./from-recording";

/** Traces of the last hour: as `config:discover`'s default window. */
export const DRIFT_WINDOW_MS = 60 * 60_000;

export interface WorkflowDrift extends DriftReport {
  workflowId: string;
  /** What was read, in words ("traces of the last 60 minutes", "the recording x.json.gz"). */
  from: string;
}

export async function workflowDrift(
  config: AsyncscopeConfig,
  workflow: WorkflowConfig,
  opts: {
    nowMs: number;
    /** The live reader (tests pass one that answers from fixtures). */
    read?: (sources: AsyncscopeConfig["sources"], opts: DiscoveryReadOptions) => Promise<DiscoveryRead>;
  },
): Promise<WorkflowDrift> {
  const base = { workflowId: workflow.id };
  if (workflow.replay) {
    const { entry } = recordingOf(workflow);
    return {
      ...base,
      from: `the recording ${workflow.replay.bundle.split("/").pop()}`,
      ...configDrift(workflow, discoveryInputFromRecording(entry.signals, workflow.broker)),
    };
  }
  const minutes = Math.round(DRIFT_WINDOW_MS / 60_000);
  const from = `the live sources, traces of the last ${minutes} minutes`;
  if (!workflow.producer) {
    // Nothing to read: without a producer, no discovered flow can be matched to this workflow.
    return { ...base, from, items: [], gaps: [], notJudged: NO_PRODUCER };
  }
  const read = await (opts.read ?? readDiscoveryInput)(
    // Prometheus left out: drift does not use the metrics inventory, and it is the slowest read.
    // Of the brokers, only the workflow's own: another broker's topology is never compared.
    {
      ...config.sources,
      ...Object.fromEntries(BROKER_NAMES.filter((name) => name !== workflow.broker).map((name) => [name, undefined])),
      prometheus: undefined,
    },
    { nowMs: opts.nowMs, windowMs: DRIFT_WINDOW_MS, services: [workflow.producer.service] },
  );
  return { ...base, from, ...configDrift(workflow, read.input) };
}

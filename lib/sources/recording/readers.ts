import "server-only";
// The recording source: a workflow with `replay:` in the config is evaluated from a recorded
// evidence bundle through the same readers as the live sources (../readers.ts), so the
// orchestrator cannot tell them apart. Each reader answers with what was recorded: the data,
// or the failure the source had then; a source not configured at capture has no reader.
// Files are read once per process (they do not change while the server runs; restart to pick
// up a new recording).
import type { WorkflowConfig } from "@/lib/config/schema";
import type { Observed } from "@/lib/analysis/types";
import type { Series } from "@/lib/domain/series";
import { rateRangeOf } from "@/lib/analysis/rate-range";
import { BROKERS } from "../brokers";
import { RecordedFailure, type SeriesAnswer, type SignalReaders } from "../readers";
import { readBundleFile } from "./file";
import { BundleError, type BundleWorkflow, type EvidenceBundle } from "./format";

const loaded = new Map<string, EvidenceBundle>();

function bundleAt(file: string): EvidenceBundle {
  let bundle = loaded.get(file);
  if (!bundle) {
    bundle = readBundleFile(file);
    loaded.set(file, bundle);
  }
  return bundle;
}

export interface Recording {
  bundle: EvidenceBundle;
  entry: BundleWorkflow;
}

/** The recorded entry a replayed workflow shows (throws BundleError saying what is wrong). */
export function recordingOf(workflow: WorkflowConfig): Recording {
  if (!workflow.replay) throw new Error(`workflow ${workflow.id} is not a replay`);
  const bundle = bundleAt(workflow.replay.bundle);
  const wanted = workflow.replay.workflow;
  const entry = wanted
    ? bundle.workflows.find((candidate) => candidate.config.id === wanted)
    : bundle.workflows.length === 1
      ? bundle.workflows[0]
      : undefined;
  if (!entry) {
    const ids = bundle.workflows.map((candidate) => candidate.config.id).join(", ");
    throw new BundleError(
      `${workflow.replay.bundle}: ${wanted ? `has no workflow "${wanted}"` : "holds several workflows; say which with replay.workflow"} (it has: ${ids})`,
    );
  }
  return { bundle, entry };
}

/** The recorded value, or the recorded failure thrown again. */
function replay<T>(observed: Observed<T>): T {
  if (!observed.ok) throw new RecordedFailure(observed.reason);
  return observed.value;
}

const unconfigured = (observed: Observed<unknown>) => !observed.ok && observed.unconfigured === true;

function answer(observed: Observed<Series[]>): SeriesAnswer {
  return { series: replay(observed), warnings: observed.ok ? (observed.warnings ?? []) : [] };
}

/** Readers for a recording that cannot be read: every source fails with the reason (the page shows it). */
function unreadable(workflow: WorkflowConfig, reason: string): SignalReaders {
  const fail = async (): Promise<never> => {
    throw new RecordedFailure(reason);
  };
  return {
    metricPlan: (rates) => BROKERS[workflow.broker].metricPlan(workflow.destinations, rates, undefined),
    broker: { state: fail },
    metrics: {
      range: (window, minLookbackMs) => ({
        fromMs: Math.min(window.fromMs, window.toMs - minLookbackMs),
        toMs: window.toMs,
        stepSeconds: 10,
        rateRangeSeconds: 20,
      }),
      signal: fail,
      drops: fail,
    },
    traces: { sample: fail },
    logs: { store: "recording", activity: fail, traceLines: fail },
    staleAfterMs: {},
  };
}

export function recordingReaders(workflow: WorkflowConfig): SignalReaders {
  let recording: Recording;
  try {
    recording = recordingOf(workflow);
  } catch (error) {
    if (error instanceof BundleError) return unreadable(workflow, error.message);
    throw error;
  }
  const { signals } = recording.entry;
  const history = signals.history;
  const metricsRecorded = [...Object.values(history.signals), history.drops].some((o) => o && !unconfigured(o));
  return {
    // What the recording holds is already per destination; the plan only says which signals to ask for.
    metricPlan: (rates) => BROKERS[workflow.broker].metricPlan(workflow.destinations, rates, undefined),
    ...(unconfigured(signals.state) ? {} : { broker: { state: async () => replay(signals.state) } }),
    ...(metricsRecorded
      ? {
          metrics: {
            // The range its counters were recorded with (older recordings: the rule of their time).
            range: () => ({
              fromMs: history.fromMs,
              toMs: signals.window.toMs,
              stepSeconds: history.stepSeconds,
              rateRangeSeconds: rateRangeOf(history),
            }),
            signal: async (query) => {
              const recorded = history.signals[query.signal];
              return recorded ? answer(recorded) : undefined;
            },
            drops: async () => answer(history.drops),
          },
        }
      : {}),
    ...(unconfigured(signals.traces) ? {} : { traces: { sample: async () => replay(signals.traces) } }),
    ...(signals.logs && !unconfigured(signals.logs)
      ? {
          logs: {
            store: signals.logs.ok ? signals.logs.value.store : "recording",
            activity: async () => replay(signals.logs!).activity,
            // The lines recorded are those of the traces the recording looked at, which are the
            // traces the same sample makes a replay ask for.
            traceLines: async () => replay(signals.logs!).traces,
          },
        }
      : {}),
    staleAfterMs: { ...signals.staleAfterMs },
    recorded: {
      window: signals.window,
      nowMs: signals.nowMs,
      absentCounter: history.absentCounter,
      logsRecorded: signals.logs !== undefined,
    },
  };
}

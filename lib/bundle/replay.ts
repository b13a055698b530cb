import "server-only";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { WorkflowSignals } from "@/lib/analysis/types";
import { readBundleFile } from "./file";
import { BundleError, type EvidenceBundle } from "./format";

// The "bundle source": a workflow with `replay:` in the config is evaluated from a recorded
// bundle instead of live sources. Files are read once per process (they do not change
// while the server runs; restart to pick up a new recording).

const loaded = new Map<string, EvidenceBundle>();

function bundleAt(file: string): EvidenceBundle {
  let bundle = loaded.get(file);
  if (!bundle) {
    bundle = readBundleFile(file);
    loaded.set(file, bundle);
  }
  return bundle;
}

export interface Replay {
  signals: WorkflowSignals;
  capturedAt: string;
  label?: string;
}

/** The recorded signals for a replayed workflow (throws BundleError saying what is wrong). */
export function replayedSignals(workflow: WorkflowConfig): Replay {
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
  return {
    signals: { ...entry.signals, workflowId: workflow.id },
    capturedAt: bundle.capturedAt,
    ...(bundle.label ? { label: bundle.label } : {}),
  };
}

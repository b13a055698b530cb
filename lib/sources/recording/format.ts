import { z } from "zod";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { WorkflowHealth, WorkflowSignals } from "@/lib/analysis/types";
import type { SourceStatus } from "@/lib/domain/source";
import { RABBIT_VOCABULARY } from "../rabbitmq/config";
import { upgradeV1Config, upgradeV1Signals, type V1Signals, type V1WorkflowConfig } from "../rabbitmq/legacy";

// The evidence bundle: the normalised data of one or more workflows over one window. One
// format, three uses (docs/bundles.md): incident snapshots and share links that outlive
// Prometheus retention and Jaeger's TTL, the offline demo, and tests on captured data.
//
// A bundle keeps the *signals* (what the sources returned, normalised) so charts and traces
// render again, and the *health* as it was evaluated at capture time, so findings pinned to
// an incident do not change when the analysis code improves later.
//
// Version 2 holds the broker-neutral signals (lib/domain/destination.ts). Version 1, written
// before them, was RabbitMQ's: it is read by upgrading it on the way in (rabbitmq/legacy.ts),
// so snapshots stored in users' databases and recordings on disk still open and render.

export const BUNDLE_FORMAT = "asyncscope.evidence-bundle";
export const BUNDLE_VERSION = 2;

export interface BundleWorkflow {
  /** The workflow as configured when captured (thresholds and declared consumers in force). */
  config: WorkflowConfig;
  signals: WorkflowSignals;
  health: WorkflowHealth;
}

export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  capturedAt: string;
  window: { from: string; to: string };
  /** What the bundle shows, in a few words ("consumer-crashloop recorded from the lab"). */
  label?: string;
  /** Source states at capture, and where they were (URLs only, never credentials). */
  sources: SourceStatus[];
  workflows: BundleWorkflow[];
}

const isoTime = z.iso.datetime({ offset: true });

/**
 * Checks the envelope and each workflow's identity; the signals and health inside were
 * produced by this code base's own types, so they are checked for presence and identity
 * (ids and windows agree), not re-validated field by field.
 */
const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT, {
    error: `not an Asyncscope evidence bundle (format must be "${BUNDLE_FORMAT}")`,
  }),
  version: z.number().int().min(1),
  capturedAt: isoTime,
  window: z.object({ from: isoTime, to: isoTime }),
  label: z.string().optional(),
  sources: z.array(z.object({ name: z.string().min(1), status: z.string(), message: z.string() }).loose()),
  workflows: z
    .array(
      z.object({
        config: z.object({ id: z.string(), name: z.string() }).loose(),
        signals: z
          .object({
            version: z.union([z.literal(1), z.literal(2)]),
            workflowId: z.string(),
            window: z.object({ fromMs: z.number(), toMs: z.number() }),
          })
          .loose(),
        health: z
          .object({
            workflow: z.object({ id: z.string() }).loose(),
            status: z.enum(["ok", "warning", "critical", "unknown"]),
          })
          .loose(),
      }),
    )
    .min(1),
});

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BundleError";
  }
}

/** A format-1 workflow entry in today's shapes; one that does not have format 1's shape is a BundleError. */
function upgradeV1Workflow(
  entry: { config: unknown; signals: unknown; health: unknown },
  index: number,
  origin: string,
): BundleWorkflow {
  try {
    const config = upgradeV1Config(entry.config as V1WorkflowConfig, RABBIT_VOCABULARY);
    return {
      config,
      signals: upgradeV1Signals(entry.signals as V1Signals, config),
      health: entry.health as WorkflowHealth,
    };
  } catch (error) {
    throw new BundleError(
      `${origin}: workflows[${index}]: not a readable version-1 entry (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * Validates parsed JSON as a bundle this version can read, upgrading older versions; throws
 * BundleError saying why not.
 */
export function readBundle(json: unknown, origin: string): EvidenceBundle {
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleError(
      `${origin}: ${issue ? `${issue.path.join(".") || "(top level)"}: ${issue.message}` : "invalid bundle"}`,
    );
  }
  const { version } = parsed.data;
  if (version > BUNDLE_VERSION) {
    throw new BundleError(
      `${origin}: bundle version ${version} is newer than this Asyncscope reads (${BUNDLE_VERSION}); upgrade Asyncscope`,
    );
  }
  for (const [index, workflow] of parsed.data.workflows.entries()) {
    if (workflow.config.id !== workflow.signals.workflowId || workflow.config.id !== workflow.health.workflow.id) {
      throw new BundleError(`${origin}: workflows[${index}]: config, signals and health name different workflows`);
    }
    if (workflow.signals.version !== version) {
      throw new BundleError(
        `${origin}: workflows[${index}]: signals of version ${workflow.signals.version} in a version ${version} bundle`,
      );
    }
  }
  const bundle = json as Omit<EvidenceBundle, "version"> & { version: number };
  if (version === 1) {
    return {
      ...bundle,
      version: BUNDLE_VERSION,
      workflows: bundle.workflows.map((entry, index) => upgradeV1Workflow(entry, index, origin)),
    };
  }
  return bundle as EvidenceBundle;
}

export function makeBundle(
  input: Omit<EvidenceBundle, "format" | "version" | "capturedAt"> & { capturedAt: Date },
): EvidenceBundle {
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    capturedAt: input.capturedAt.toISOString(),
    window: input.window,
    ...(input.label ? { label: input.label } : {}),
    sources: input.sources,
    workflows: input.workflows,
  };
}

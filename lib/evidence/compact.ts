import type { WorkflowSignals } from "@/lib/analysis/types";
import type { Attributes } from "@/lib/domain/trace";

// Bundles outlive their sources, so they are stored and shipped; their size is mostly the
// resource attributes that every span of a process repeats (process.command_args, host
// ids…). Analysis reads none of them; people look at a few. Keep those, drop the rest.

export const KEPT_RESOURCE_KEYS: ReadonlySet<string> = new Set([
  "service.name",
  "service.namespace",
  "service.version",
  "service.instance.id",
  "deployment.environment",
  "deployment.environment.name",
  "host.name",
  "k8s.namespace.name",
  "k8s.pod.name",
  "telemetry.sdk.language",
]);

function keepResource(resource: Attributes): Attributes {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => KEPT_RESOURCE_KEYS.has(key)));
}

/** The same signals with span resources cut to KEPT_RESOURCE_KEYS. Pure; the input is not changed. */
export function compactSignals(signals: WorkflowSignals): WorkflowSignals {
  if (!signals.traces.ok) return signals;
  const sample = signals.traces.value;
  return {
    ...signals,
    traces: {
      ...signals.traces,
      value: {
        ...sample,
        traces: sample.traces.map((trace) => ({
          ...trace,
          spans: trace.spans.map((span) => ({ ...span, resource: keepResource(span.resource) })),
        })),
      },
    },
  };
}

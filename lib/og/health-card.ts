import type { BundleWorkflow } from "@/lib/sources/recording/format";
import type { PreviewCard } from "./preview-card";

function sum(values: Array<number | undefined>): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : present.reduce((total, value) => total + value, 0);
}

/** The key numbers of a workflow for a link preview; a number the broker did not give is "n/a", never 0. */
export function workflowPreview(
  entry: Pick<BundleWorkflow, "health" | "signals">,
  kicker: string,
  windowText: string,
): PreviewCard {
  const { health, signals } = entry;
  const destinations = signals.state.ok ? signals.state.value.destinations : [];
  const ready = signals.state.ok ? sum(destinations.map((d) => d.waiting?.value)) : undefined;
  const consumers = signals.state.ok ? sum(destinations.map((d) => d.consumerCount?.value)) : undefined;
  const failing = health.checks.filter((check) => check.status === "critical" || check.status === "warning").length;
  return {
    kicker,
    title: health.workflow.name,
    verdict: health.status,
    numbers: [
      { label: "checks failing", value: String(failing) },
      { label: "messages waiting", value: ready === undefined ? "n/a" : ready.toLocaleString("en-GB") },
      { label: "consumers", value: consumers === undefined ? "n/a" : String(consumers) },
    ],
    window: windowText,
  };
}

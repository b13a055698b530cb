import type { BundleWorkflow } from "@/lib/sources/recording/format";
import { stateIsCurrent } from "@/lib/analysis/freshness";
import type { PreviewCard } from "./preview-card";

/** The total, or undefined when any part is unknown: a partial sum would be a lie about the whole. */
function sum(values: Array<number | undefined>): number | undefined {
  if (values.length === 0 || values.some((value) => value === undefined)) return undefined;
  return (values as number[]).reduce((total, value) => total + value, 0);
}

/** The key numbers of a workflow for a link preview; a number the broker did not give is "n/a", never 0. */
export function workflowPreview(
  entry: Pick<BundleWorkflow, "health" | "signals">,
  kicker: string,
  windowText: string,
): PreviewCard {
  const { health, signals } = entry;
  // The broker's numbers stand for the window's end only if they were read then.
  const current = signals.state.ok && stateIsCurrent(signals, signals.window.toMs);
  const destinations = current && signals.state.ok ? signals.state.value.destinations.filter((d) => d.exists) : [];
  const ready = current ? sum(destinations.map((d) => d.waiting?.value)) : undefined;
  const consumers = current ? sum(destinations.map((d) => d.consumerCount?.value)) : undefined;
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

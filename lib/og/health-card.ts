import type { BundleWorkflow } from "@/lib/sources/recording/format";
import { numberRow } from "@/lib/view/number-row";
import { consumersText, failingText, figureText } from "@/lib/view/number-text";
import type { PreviewCard } from "./preview-card";

/**
 * The key numbers of a workflow for a link preview: the number row's totals (lib/view/number-row.ts),
 * the same the page shows under its headline, so the preview of a DLQ incident says what sits
 * in the DLQs and that of stolen messages names the consumer taking them. A number nobody
 * read is "no data", never 0.
 */
export function workflowPreview(
  entry: Pick<BundleWorkflow, "config" | "health" | "signals">,
  kicker: string,
  windowText: string,
): PreviewCard {
  const { health, signals, config } = entry;
  const { totals, failing } = numberRow(config, signals, health);
  return {
    kicker,
    title: health.workflow.name,
    verdict: health.status,
    counts: failingText(failing),
    numbers: [
      { label: "messages waiting", value: figureText(totals.backlog, "count") },
      { label: "in dead-letter queues", value: figureText(totals.dlqDepth, "count") },
      { label: "consumers / declared", value: consumersText(totals.consumers, totals.declared) },
    ],
    ...(totals.undeclared.length ? { alert: `Undeclared consumer: ${totals.undeclared.join("; ")}` } : {}),
    window: windowText,
  };
}

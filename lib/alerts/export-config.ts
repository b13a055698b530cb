import "server-only";
// The dead-letter destinations of a workflow, which only the broker knows (a policy or queue
// argument names an exchange; its bindings name the queues): asked once per export. When the
// broker cannot say, the export leaves the dead-letter rule out and says why in the file.
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import type { DestinationRef } from "@/lib/domain/destination";
import { errorText } from "@/lib/db/errors";
import { readersFor, type Sources } from "@/lib/sources/registry";
import { requireWorkflow } from "@/lib/evaluate";
import { exportRules, rulesOf, type DeadLetterAnswer, type ExportOptions } from "./export";

export async function deadLettersOf(
  workflow: WorkflowConfig,
  config: AsyncscopeConfig,
  sources: Sources,
): Promise<DeadLetterAnswer> {
  const readers = readersFor(workflow, config, sources);
  if (!readers.broker) return { unknown: `sources.${workflow.broker} is not configured` };
  try {
    const snapshot = await readers.broker.state(workflow.destinations);
    const byKey = new Map<string, DestinationRef>();
    for (const route of snapshot.deadLetterRoutes) for (const ref of route.targets) byKey.set(ref.key, ref);
    return [...byKey.values()];
  } catch (error) {
    // Said in the file's comments and by the caller (CLI stderr, API body), never dropped.
    return { unknown: `${workflow.vocabulary.broker} did not answer: ${errorText(error)}` };
  }
}

export interface ConfigExport {
  text: string;
  /** What the export could not cover and why (also in the file's comments). */
  problems: string[];
}

/** The rules of every workflow of the config, or of one; `offline` does not ask the broker. */
export async function exportConfigRules(
  config: AsyncscopeConfig,
  sources: Sources,
  options: ExportOptions & { workflowIds?: readonly string[]; offline?: boolean },
): Promise<ConfigExport> {
  const workflows = options.workflowIds
    ? options.workflowIds.map((id) => requireWorkflow(id, config))
    : config.workflows;
  const rules = await Promise.all(
    workflows.map(async (workflow) =>
      rulesOf(
        workflow,
        config,
        options.offline ? { unknown: "exported with --offline" } : await deadLettersOf(workflow, config, sources),
      ),
    ),
  );
  const problems = rules.flatMap((r) =>
    r.notRules
      .filter((n) => n.check === "dead-letters" || n.skippedAlert !== undefined)
      .map((n) => `${r.workflowId}: ${n.skippedAlert ? "rule skipped: " : ""}${n.reason}`),
  );
  return { text: exportRules(rules, options), problems };
}

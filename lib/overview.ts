import "server-only";
import path from "node:path";
import type { WorkflowListItem } from "@/components/workflow/workflow-list";
import { appConfig, configFilePath } from "@/lib/config";
import type { SourceStatus } from "@/lib/domain/source";
import { sourceStatuses } from "@/lib/sources/registry";

export interface Overview {
  configFile: string;
  sources: SourceStatus[];
  workflows: WorkflowListItem[];
}

/**
 * What the overview shows. Until workflow analysis exists, no workflow can be called ok:
 * each is `unknown`, with the reason — no reachable source, or checks not evaluated yet.
 */
export async function loadOverview(): Promise<Overview> {
  const config = appConfig();
  const sources = await sourceStatuses();
  const reachable = sources.filter((source) => source.status === "ok").map((source) => source.name);
  const reason =
    reachable.length === 0
      ? "Unknown: no data source is reachable."
      : `Unknown: checks are not evaluated yet (reachable: ${reachable.join(", ")}).`;
  return {
    configFile: path.basename(configFilePath()),
    sources,
    workflows: config.workflows.map((workflow) => ({
      id: workflow.id,
      name: workflow.name,
      ...(workflow.description ? { description: workflow.description.trim() } : {}),
      queueNames: workflow.queues.map((queue) => queue.name),
      status: "unknown",
      reason,
    })),
  };
}

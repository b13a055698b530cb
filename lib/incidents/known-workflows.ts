import type { AsyncscopeConfig } from "@/lib/config/schema";
import { InvalidIncidentChangeError } from "./lifecycle";

/**
 * Incidents and share links name workflows by id; an id the config does not know would give
 * an incident whose timeline never fills and links to a 404. Refused with the known ids.
 */
export function assertKnownWorkflows(ids: readonly string[], config: AsyncscopeConfig, field = "workflowIds"): void {
  const known = new Set(config.workflows.map((workflow) => workflow.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new InvalidIncidentChangeError(
      field,
      `unknown workflow${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; configured: ${[...known].join(", ") || "none"}`,
    );
  }
}

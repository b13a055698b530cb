// What the NATS and Redis fault tests share: a fresh evaluation of one workflow of the brokers'
// example config, and the rule that each fault is blamed on its own lane only. Every lane (destination)
// has at most one fault, so a bad evidence item names the fault that caused it, or a mistake.
import type { Check, WorkflowHealth } from "@/lib/analysis/types";
import { evaluate, labBrokersConfig } from "./analysis-helpers";

/** A fresh evaluation of one of the brokers' checkouts over [fromMs, now]: fresh clients, nothing from a cache. */
export async function evaluateWorkflow(id: string, fromMs: number): Promise<WorkflowHealth> {
  const workflow = labBrokersConfig.workflows.find((w) => w.id === id);
  if (!workflow) throw new Error(`no workflow ${id} in the brokers' example config`);
  return evaluate(fromMs, workflow, { config: labBrokersConfig });
}

export interface LaneFault {
  fault: string;
  /** The lane's name as it appears in evidence subjects (consumer or group name). */
  lane: string;
  /** The check that must name the lane. */
  key: string;
  /** Checks that may also name it: consequences of the same fault (a stalled lane's messages age). */
  alsoAllowed: string[];
}

/** Checks that judge the workflow as a whole (one item per trace root): any fault may move them. */
const WORKFLOW_WIDE = new Set(["trace-completeness"]);

const hasWord = (text: string, word: string) => new RegExp(`(^|[^a-z])${word}([^a-z]|$)`).test(text);

/** The faults' lanes an evidence item names (by subject). */
export function lanesNamed(subject: string, lanes: readonly string[]): string[] {
  return lanes.filter((lane) => hasWord(subject, lane));
}

/** Whether the key check names the fault's lane as bad. */
export function detected(health: WorkflowHealth, f: LaneFault): boolean {
  const check = health.checks.find((c) => c.id === f.key);
  return !!check?.evidence.items.some((i) => i.status !== "ok" && i.status !== "unknown" && hasWord(i.subject, f.lane));
}

/**
 * Everything blamed that no fault explains: a bad item on a lane without a fault, or on a faulted
 * lane by a check that fault does not move; a bad item naming no lane at all (other than the
 * workflow-wide checks, and services in `servicesOf` that host a faulted lane).
 */
export function wronglyBlamed(
  health: WorkflowHealth,
  faults: readonly LaneFault[],
  allLanes: readonly string[],
  servicesOf: Record<string, readonly string[]> = {},
): string[] {
  const wrong: string[] = [];
  const byLane = new Map(faults.map((f) => [f.lane, f]));
  for (const check of health.checks as Check[]) {
    if (WORKFLOW_WIDE.has(check.id)) continue;
    for (const item of check.evidence.items) {
      if (item.status === "ok" || item.status === "unknown") continue;
      const lanes = [...lanesNamed(item.subject, allLanes), ...(servicesOf[item.subject] ?? [])];
      const explained =
        lanes.length > 0 &&
        lanes.some((lane) => {
          const f = byLane.get(lane);
          return f !== undefined && (f.key === check.id || f.alsoAllowed.includes(check.id));
        });
      if (!explained) wrong.push(`${check.id} [${item.status}] ${item.subject}: ${item.text}`);
    }
  }
  return wrong;
}

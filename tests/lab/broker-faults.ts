// What the NATS and Redis fault tests share: a fresh evaluation of one of the example config's
// broker checkouts, switching every fault on and timing each one's detection, and the rule that each
// fault is blamed on its own lane only. Every lane (destination) has at most one fault, so a bad
// evidence item names the fault that caused it, or a mistake.
import { expect } from "vitest";
import type { Check, WorkflowHealth } from "@/lib/analysis/types";
import { brief, evaluate, labConfig } from "./analysis-helpers";
import { labOk, sleep } from "./helpers";

/** A fresh evaluation of one of the example's checkouts over [fromMs, now]: fresh clients, nothing from a cache. */
export async function evaluateWorkflow(id: string, fromMs: number): Promise<WorkflowHealth> {
  const workflow = labConfig.workflows.find((w) => w.id === id);
  if (!workflow) throw new Error(`no workflow ${id} in the example config`);
  return evaluate(fromMs, workflow, { config: labConfig });
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

export interface LaneFaultRun {
  /** The last evaluation: the one every fault was named in, or the one a late fault was missing from. */
  health: WorkflowHealth;
  /** Fault → ms from its own switch to the start of the first evaluation naming it. */
  detectedAfterMs: Map<string, number>;
}

/**
 * Switches the faults on, slowest to show first and one CLI call each (each is timed from its own
 * switch), then evaluates `workflow` every 3 s until each is named on its lane or one is late.
 * A fault is named at the start of the evaluation that names it: what it read is the lab's state
 * from then on, and how long the test machine then takes to judge it is not the product's latency
 * (beside CI's other suites one evaluation took up to 20 s). Prints each detection time, and the
 * longest evaluation.
 */
export async function switchOnAndWatch(
  broker: string,
  workflow: string,
  faults: readonly LaneFault[],
  withinMs: number,
): Promise<LaneFaultRun> {
  const t0 = Date.now();
  const onAt = new Map<string, number>();
  for (const f of faults) {
    await labOk("fault", f.fault, "on");
    onAt.set(f.fault, Date.now());
  }
  const detectedAfterMs = new Map<string, number>();
  let longestEvaluationMs = 0;
  const evaluateTimed = async () => {
    const startedAt = Date.now();
    const health = await evaluateWorkflow(workflow, t0);
    longestEvaluationMs = Math.max(longestEvaluationMs, Date.now() - startedAt);
    return { health, startedAt };
  };
  let { health, startedAt } = await evaluateTimed();
  for (;;) {
    for (const f of faults)
      if (!detectedAfterMs.has(f.fault) && detected(health, f))
        detectedAfterMs.set(f.fault, startedAt - onAt.get(f.fault)!);
    // Late: an evaluation that started after the bound did not name it.
    const late = faults.some((f) => !detectedAfterMs.has(f.fault) && startedAt - onAt.get(f.fault)! > withinMs);
    if (late || detectedAfterMs.size === faults.length) break;
    await sleep(3_000);
    ({ health, startedAt } = await evaluateTimed());
  }
  for (const f of faults) {
    const after = detectedAfterMs.get(f.fault);
    console.log(
      `${broker} fault ${f.fault.padEnd(26)} ${f.key} on ${f.lane}: ${after === undefined ? "NOT detected" : `${(after / 1000).toFixed(1)} s`}`,
    );
  }
  console.log(`${broker} faults: the longest evaluation took ${(longestEvaluationMs / 1000).toFixed(1)} s`);
  return { health, detectedAfterMs };
}

/** Every fault named within `withinMs`; each late one is reported with the last evaluation before the test fails. */
export function expectEachNamedWithin(run: LaneFaultRun, faults: readonly LaneFault[], withinMs: number): void {
  for (const f of faults)
    expect
      .soft(run.detectedAfterMs.get(f.fault) ?? Infinity, `${f.fault}: ${f.key} on ${f.lane}\n${brief(run.health)}`)
      .toBeLessThanOrEqual(withinMs);
}

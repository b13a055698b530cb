// "Now" is only now if it was observed recently, against the live lab (npm run test:lab):
//   - RabbitMQ's metrics stop (its Prometheus plugin disabled) while its management API still
//     answers: the checks that need the metrics turn unknown, "no fresh data since T", within
//     staleAfter, and never ok from the last sample;
//   - RabbitMQ stops answering altogether (its processes frozen with SIGSTOP): the verdict leaves
//     ok within 60 s, and is ok again after it resumes;
//   - Prometheus stops answering (frozen): the health API still answers within the source
//     deadline + 1 s.
// Every frozen process is resumed in afterAll, whatever happened.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowHealth } from "@/lib/analysis/types";
import { loadConfigFile } from "@/lib/config/loader";
import { evaluate } from "@/lib/evaluate";
import { SOURCE_DEADLINE_MS } from "@/lib/evaluate/collect";
import { createSources, staleAfterMs } from "@/lib/sources/registry";
import { presentHealth } from "@/lib/view/health";
import { rabbitEnv } from "../../lab/components";
import { readPid } from "../../lab/procs";
import { purgeQueue, Q, sleep, waitUntil } from "./helpers";
import { labExampleConfigPath } from "../../lab/example-config";

const run = promisify(execFile);
const RABBIT_BIN_DIR = process.env.LAB_RABBITMQ_BIN_DIR ?? "/usr/lib/rabbitmq/bin";

const config = loadConfigFile(labExampleConfigPath(), {
  ...process.env,
  RABBITMQ_USER: "guest",
  RABBITMQ_PASSWORD: "guest",
});
const workflow = config.workflows[0]!;
const METRIC_CHECKS = ["acks-progressing", "throughput-balance", "backlog", "redeliveries"];
/** A window short enough to be clean of earlier lab tests' faults, long enough to judge traces. */
const WINDOW_MS = 90_000;

/** A fresh evaluation of the last WINDOW_MS with fresh clients: nothing from a cache. */
async function now(): Promise<WorkflowHealth> {
  const toMs = Date.now();
  const evaluation = await evaluate(
    workflow,
    { fromMs: toMs - WINDOW_MS, toMs },
    { config, sources: createSources(config.sources) },
  );
  return presentHealth(evaluation, config);
}

const byId = (health: WorkflowHealth) => Object.fromEntries(health.checks.map((c) => [c.id, c]));
const brief = (h: WorkflowHealth) =>
  `${h.status}\n${h.checks.map((c) => `${c.id}=${c.status}: ${c.status === "unknown" ? c.reason : c.summary}`).join("\n")}`;

async function rabbitPlugin(action: "enable" | "disable"): Promise<void> {
  await run(`${RABBIT_BIN_DIR}/rabbitmq-plugins`, [action, "rabbitmq_prometheus"], {
    env: { ...process.env, ...rabbitEnv() },
    timeout: 60_000,
  });
}

const frozen = new Set<string>();
/** SIGSTOP / SIGCONT to a lab component's whole process group (started by lab up, pid file in .lab). */
function signal(component: string, sig: "SIGSTOP" | "SIGCONT"): void {
  const pid = readPid(component);
  if (pid === undefined) throw new Error(`${component} is not running`);
  process.kill(-pid, sig);
  if (sig === "SIGSTOP") frozen.add(component);
  else frozen.delete(component);
}

/** Polls the health until its verdict is ok (throws after `timeoutMs`, naming what it waited for). */
function verdictOk(what: string, timeoutMs: number, everyMs: number): Promise<WorkflowHealth> {
  return waitUntil(
    what,
    async () => {
      const health = await now();
      return health.status === "ok" ? health : undefined;
    },
    timeoutMs,
    everyMs,
  );
}

async function healthyBaseline(): Promise<void> {
  // Earlier lab tests leave dead letters behind; the window starts after they are gone.
  await purgeQueue(Q.notificationDlq);
  await purgeQueue(Q.inventoryDlq);
  await verdictOk("the lab's verdict to be ok", 240_000, 10_000);
}

beforeAll(async () => {
  await healthyBaseline();
}, 300_000);

afterAll(async () => {
  for (const component of [...frozen]) signal(component, "SIGCONT");
  await rabbitPlugin("enable").catch((error: unknown) => {
    throw new Error(`could not re-enable rabbitmq_prometheus: ${String(error)}`);
  });
}, 120_000);

describe("RabbitMQ's metrics stop while its API still answers", () => {
  it("the checks that need the metrics turn unknown within staleAfter, never ok from the last sample", async () => {
    const limitMs = staleAfterMs(config.sources, "rabbitmq").prometheus!;
    await rabbitPlugin("disable");
    const stoppedAt = Date.now();
    let health: WorkflowHealth;
    for (;;) {
      health = await now();
      const checks = byId(health);
      const elapsed = Date.now() - stoppedAt;
      // What the broker's API says now is judged all along.
      expect(checks["consumers-alive"]!.status, brief(health)).toBe("ok");
      if (METRIC_CHECKS.every((id) => checks[id]!.status === "unknown")) break;
      // Until the last sample is older than staleAfter (plus the query step), an ok is an ok
      // from fresh data; past it, nothing may still be ok.
      expect(
        elapsed,
        `still judged ${Math.round(elapsed / 1000)} s after the metrics stopped\n${brief(health)}`,
      ).toBeLessThan(limitMs + 15_000);
      await sleep(2_000);
    }
    const checks = byId(health);
    for (const id of METRIC_CHECKS)
      expect(checks[id]!.reason, id).toMatch(/no fresh data from Prometheus since \d{4}-/);
    expect(health.status).toBe("unknown");
    expect(health.sources.find((s) => s.name === "rabbitmq")!.status).toBe("ok");
  }, 180_000);

  it("once they are back, so are the checks", async () => {
    await rabbitPlugin("enable");
    await verdictOk("the verdict to be ok again", 180_000, 5_000);
  }, 240_000);
});

describe("RabbitMQ stops answering altogether", () => {
  it("the verdict leaves ok within 60 s, and is ok again after it resumes", async () => {
    signal("rabbitmq", "SIGSTOP");
    const frozeAt = Date.now();
    const left = await waitUntil(
      "the verdict to leave ok",
      async () => {
        const health = await now();
        return health.status !== "ok" ? health : undefined;
      },
      60_000,
      1_000,
    );
    expect(Date.now() - frozeAt).toBeLessThan(60_000);
    expect(left.sources.find((s) => s.name === "rabbitmq")!.status).toBe("down");
    expect(byId(left)["unexpected-consumers"]!.status).toBe("unknown");
    signal("rabbitmq", "SIGCONT");
    await verdictOk("the verdict to be ok again", 240_000, 5_000);
  }, 360_000);
});

describe("Prometheus stops answering", () => {
  it("the health API still answers within the source deadline + 1 s, with Prometheus down", async () => {
    process.env.ASYNCSCOPE_CONFIG = labExampleConfigPath();
    const { GET } = await import("@/app/api/workflows/[id]/health/route");
    const { NextRequest } = await import("next/server");
    signal("prometheus", "SIGSTOP");
    try {
      const started = performance.now();
      const response = await GET(new NextRequest("http://app.test/api/workflows/checkout/health"), {
        params: Promise.resolve({ id: "checkout" }),
      });
      const tookMs = performance.now() - started;
      expect(response.status).toBe(200);
      const health = (await response.json()) as WorkflowHealth;
      expect(tookMs, `answered after ${Math.round(tookMs)} ms`).toBeLessThanOrEqual(SOURCE_DEADLINE_MS + 1_000);
      expect(health.sources.find((s) => s.name === "prometheus")!.status).toBe("down");
      expect(health.status).not.toBe("ok");
    } finally {
      signal("prometheus", "SIGCONT");
    }
  }, 60_000);
});

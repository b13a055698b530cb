// What the analysis lab tests share: a fresh evaluation of one of the lab's workflows (the
// RabbitMQ checkout unless named), how to read a check's status, the alerts raised since a
// moment, and waiting for a log finding.
import { loadConfigFile } from "@/lib/config/loader";
import type { EvidenceItem, WorkflowHealth } from "@/lib/analysis/types";
import { evaluate as evaluateWith } from "@/lib/evaluate";
import { presentHealth } from "@/lib/view/health";
import type { WorkflowConfig } from "@/lib/config/schema";
import { closeSources, createSources, type Sources } from "@/lib/sources/registry";
import { LAB_REQUEST_TIMEOUT_MS, urls, waitUntil } from "./helpers";
import { labExampleConfigPath } from "../../lab/example-config";

export const labConfig = loadConfigFile(labExampleConfigPath(), {
  ...process.env,
  RABBITMQ_USER: "guest",
  RABBITMQ_PASSWORD: "guest",
});

/**
 * An evaluation of [fromMs, toMs (now)] of `workflow` (the RabbitMQ checkout, the example's first, by
 * default). Fresh clients unless `sources` are given, so nothing comes from a cache; a caller
 * that passes its own keeps what they remember between calls (Kafka's offsets over the lag
 * window), as the app does.
 */
export async function evaluate(
  fromMs: number,
  workflow: WorkflowConfig = labConfig.workflows[0]!,
  {
    config = labConfig,
    sources,
    toMs = Date.now(),
  }: { config?: typeof labConfig; sources?: Sources; toMs?: number } = {},
): Promise<WorkflowHealth> {
  const window = { fromMs, toMs };
  const own = sources ? undefined : createSources(config.sources);
  try {
    return presentHealth(await evaluateWith(workflow, window, { config, sources: sources ?? own! }), config);
  } finally {
    // Fresh clients are this call's: closed, so a test's hundred evaluations leave no
    // connections (NATS, Redis) open behind them.
    if (own) await closeSources(own);
  }
}

export const statusOf = (h: WorkflowHealth, id: string) => h.checks.find((c) => c.id === id)!.status;
export const brief = (h: WorkflowHealth) =>
  h.checks.map((c) => `${c.id}=${c.status}: ${c.status === "unknown" ? c.reason : c.summary}`).join("\n");

/**
 * The exported alert rules (tests/lab/17-alerts.test.ts) judge the same healthy minutes: alerts
 * that became pending or firing since `fromMs`. Alerts active since before are the earlier
 * faults' windows running out. The rules on Asyncscope's own state are left out: no Asyncscope
 * is scraped during test:lab, so its absence rule fires, as it should.
 */
export async function alertsRaisedSince(
  fromMs: number,
): Promise<Array<{ labels: Record<string, string>; activeAt: string }>> {
  const res = await fetch(`${urls.prometheus}/api/v1/alerts`, { signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS) });
  const active = ((await res.json()) as { data: { alerts: { labels: Record<string, string>; activeAt: string }[] } })
    .data.alerts;
  return active.filter((a) => !a.labels.alertname!.startsWith("AsyncscopeCheck") && Date.parse(a.activeAt) >= fromMs);
}

/** How soon after a fault goes on the logs step and log-findings must name it (issue 17). */
export const LOG_FINDING_WITHIN_MS = 60_000;

/**
 * The log-findings item of `kind` naming `service`, found within a minute of `onMs` (the fault
 * switched on), with the checklist's logs step saying the same.
 */
export async function logFinding(onMs: number, service: string, kind: string): Promise<EvidenceItem> {
  return waitUntil(
    `log-findings to name ${service} (${kind})`,
    async () => {
      const h = await evaluate(onMs);
      const item = h.checks
        .find((c) => c.id === "log-findings")!
        .evidence.items.find((i) => i.subject === service && i.values.kind === kind && i.status !== "ok");
      const step = h.checklist.find((s) => s.id === "logs")!;
      return item && step.evidence.includes(item.text) ? item : undefined;
    },
    Math.max(1_000, onMs + LOG_FINDING_WITHIN_MS - Date.now()),
    3_000,
  );
}

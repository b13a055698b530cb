// A rule whose broker's exporter has no series for a signal it needs is left out of the export
// with a line saying which and why (and a warning on stderr), not a failed export and not a
// rule that can never fire. asyncscope.example.yaml's Redis Streams workflow is the real case:
// redis_exporter has no acknowledgement, publish, redelivery or oldest-entry series.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exportRules, rulesOf } from "@/lib/alerts/export";
import { exportConfigRules } from "@/lib/alerts/export-config";
import { workflowRules } from "@/lib/alerts/rules";
import { loadConfigFile } from "@/lib/config/loader";
import { redisAlertSignals } from "@/lib/sources/redis-streams/alert-signals";
import { overLimitRef } from "@/lib/sources/redis-streams/config";
import { closeSources, createSources } from "@/lib/sources/registry";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const example = loadConfigFile(path.join(ROOT, "asyncscope.example.yaml"), {});
const redisWorkflow = example.workflows.find((w) => w.broker === "redis-streams")!;
const OPTIONS = { baseUrl: "https://asyncscope.example.com", generatedAt: new Date(0), origin: "test" };
const promtool = spawnSync("promtool", ["--version"]).status === 0;

describe("rules a broker's exporter cannot feed", () => {
  it("are skipped with the reason in the file and on stderr, the rest written", async () => {
    // Clients of its own, closed after: an open broker client would outlive the file.
    const sources = createSources(example.sources);
    const { text, problems } = await exportConfigRules(example, sources, {
      ...OPTIONS,
      format: "prometheus",
      offline: true,
      workflowIds: [redisWorkflow.id],
    }).finally(() => closeSources(sources));
    const groups = (parse(text) as { groups: { name: string; rules: { alert: string }[] }[] }).groups;
    const alerts = new Set(groups[0]!.rules.map((r) => r.alert));
    // Fed by redis_exporter (pending, consumers): written.
    expect(alerts).toContain("AsyncscopeNoConsumer");
    expect(alerts).toContain("AsyncscopeBrokerMetricsAbsent");
    // Need acknowledgements, publishes, redeliveries or an oldest-entry time: skipped, and said.
    for (const [alert, check, signal] of [
      ["AsyncscopeAcksStopped", "acks-progressing", "acked"],
      ["AsyncscopeAcksBehindPublishes", "throughput-balance", "published"],
      ["AsyncscopeBacklogStalled", "backlog", "acked"],
      ["AsyncscopeOldMessage", "oldest-message-age", "oldestTimestamp"],
      ["AsyncscopeRedeliveryStorm", "redeliveries", "redelivered"],
    ] as const) {
      expect(alerts).not.toContain(alert);
      expect(text).toContain(`# skipped: ${check}: ${alert}: redis_exporter has no series for "${signal}"`);
      expect(problems).toContainEqual(expect.stringContaining(`${redisWorkflow.id}: rule skipped: ${alert}:`));
    }
    if (promtool) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-rules-"));
      try {
        fs.writeFileSync(path.join(dir, "rules.yml"), text);
        const run = spawnSync("promtool", ["check", "rules", "rules.yml"], { cwd: dir, encoding: "utf8" });
        expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("a delivery-limit dead-letter count has no series: its rules are skipped, never read from the group's lag", () => {
    const dead = overLimitRef("checkout.order_confirmed", "notification", 3);
    const rules = rulesOf(redisWorkflow, example, [dead]);
    expect(rules.rules.filter((r) => r.check === "dead-letters")).toEqual([]);
    for (const alert of ["AsyncscopeDeadLettersGrowing", "AsyncscopeDeadLettersWaiting"])
      expect(rules.notRules).toContainEqual(expect.objectContaining({ check: "dead-letters", skippedAlert: alert }));
    expect(exportRules([rules], { ...OPTIONS, format: "prometheus" })).toContain(
      "# skipped: dead-letters: AsyncscopeDeadLettersWaiting:",
    );
  });

  it("any other error still fails the export", () => {
    const signals = redisAlertSignals(undefined);
    const broken = {
      ...signals,
      gauge: () => {
        throw new Error("a bug, not a missing series");
      },
    };
    expect(() =>
      workflowRules({ workflow: redisWorkflow, signals: broken, staleAfterMs: 30_000, deadLetters: [] }),
    ).toThrow("a bug, not a missing series");
  });
});

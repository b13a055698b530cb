// The check sweep against the demo's recordings of the real lab (demo/bundles/), through the
// real config loader, recording readers, evaluation and registry: the exposition must hold what
// each workflow's page shows, unknown (never the last values) when an evaluation fails, and
// nothing for a workflow that left the config. The timer cases run against a real, slow HTTP
// upstream on loopback.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHECK_IDS } from "@/lib/analysis/types";
import { loadConfigFile, parseConfigText } from "@/lib/config/loader";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { evaluate } from "@/lib/evaluate";
import { readBundleFile, writeBundleFile } from "@/lib/sources/recording/file";
import { parseWindow } from "@/lib/view/time-range";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { CHECK_STATUS_VALUE, startCheckSweep, sweepCheckStatus, type CheckSweep } from "./check-sweep";
import { defineCheckMetrics, Registry, valueOf } from "./metrics";

const DEMO_FILE = path.resolve(import.meta.dirname, "../../demo/asyncscope.demo.yaml");
const demo = loadConfigFile(DEMO_FILE, {});
const NOW = Date.parse("2026-12-01T08:00:02Z");
const PROMTOOL = "/usr/bin/promtool";

function collectingLog() {
  const lines: string[] = [];
  const push = (line: string) => void lines.push(line);
  return { lines, log: { info: push, warn: push, error: push } };
}

function fresh() {
  const registry = new Registry();
  return { registry, metrics: defineCheckMetrics(registry), reported: new Map<string, string>(), ...collectingLog() };
}

/** The sample of `name{labels}` in an exposition, or undefined when there is no such series. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

const status = (text: string, workflow: string, check: string) =>
  sample(text, "asyncscope_check_status", `workflow="${workflow}",check="${check}"`);

/** The demo config with one workflow replaying another bundle file. */
function replaying(config: AsyncscopeConfig, workflowId: string, bundle: string): AsyncscopeConfig {
  return {
    ...config,
    workflows: config.workflows.map((w) => (w.id === workflowId ? { ...w, replay: { ...w.replay!, bundle } } : w)),
  };
}

let corruptBundle: string;

beforeAll(() => {
  // A recording whose envelope is valid but whose signals lost their metric history (a
  // hand-edited or half-written file): the recording reader fails on it with a TypeError, the
  // way a bug fails, and the evaluation throws. The real code path, no stand-in.
  const bundle = readBundleFile(demo.workflows.find((w) => w.id === "checkout-crashloop")!.replay!.bundle);
  const broken = structuredClone(bundle) as unknown as { workflows: Array<{ signals: Record<string, unknown> }> };
  delete broken.workflows[0]!.signals.history;
  corruptBundle = path.join(mkdtempSync(path.join(os.tmpdir(), "asyncscope-sweep-")), "history-missing.json.gz");
  writeBundleFile(corruptBundle, broken as unknown as typeof bundle);
});

describe("sweepCheckStatus", () => {
  it("exposes each check as the workflow page shows it, for every recorded incident", async () => {
    const { registry, metrics, log, lines } = fresh();
    const outcome = await sweepCheckStatus({ config: () => demo, now: () => NOW, metrics, log });
    expect(outcome).toEqual({ workflows: demo.workflows.length, failed: [], removed: [] });
    expect(lines).toEqual([]);
    const text = await registry.metrics();

    // The crash-looping consumer: no consumer on the notification queue, publishes orphaned.
    expect(status(text, "checkout-crashloop", "consumers-alive")).toBe(2);
    expect(status(text, "checkout-crashloop", "orphan-publishes")).toBe(2);
    expect(status(text, "checkout-crashloop", "redeliveries")).toBe(0);
    expect(sample(text, "asyncscope_workflow_status", 'workflow="checkout-crashloop"')).toBe(2);

    // Every check of every workflow, against the evaluation the page makes (its default window).
    const window = parseWindow({}, NOW);
    for (const workflow of demo.workflows) {
      const { analysis, signals } = await evaluate(workflow, window, { config: demo });
      for (const check of CHECK_IDS) {
        const shown = analysis.checks.find((c) => c.id === check)!;
        // Not judged by analysis's own word (a recording made before logs were read): no series.
        const want = shown.status === "unknown" && !shown.matters ? undefined : CHECK_STATUS_VALUE[shown.status];
        expect(status(text, workflow.id, check), `${workflow.id} ${check}`).toBe(want);
      }
      expect(sample(text, "asyncscope_workflow_status", `workflow="${workflow.id}"`)).toBe(
        CHECK_STATUS_VALUE[analysis.status],
      );
      expect(sample(text, "asyncscope_check_evaluated_timestamp_seconds", `workflow="${workflow.id}"`)).toBe(
        NOW / 1000,
      );
      // A replay judges the recording's end as now, not the sweep's clock: the page shows that too.
      const recordedNowMs = readBundleFile(workflow.replay!.bundle).workflows[0]!.signals.nowMs;
      expect(signals.nowMs).toBe(recordedNowMs);
      expect(sample(text, "asyncscope_check_judged_timestamp_seconds", `workflow="${workflow.id}"`)).toBe(
        recordedNowMs / 1000,
      );
    }
    expect(text).not.toContain("asyncscope_check_sweep_failures_total{");
  });

  it("turns every check of a workflow whose evaluation throws to unknown, logging once per change", async () => {
    const { registry, metrics, log, lines, reported } = fresh();
    const broken = replaying(demo, "checkout-crashloop", corruptBundle);
    const sweep = (config: AsyncscopeConfig, nowMs: number) =>
      sweepCheckStatus({ config: () => config, now: () => nowMs, metrics, log, reported });

    await sweep(demo, NOW);
    expect(status(await registry.metrics(), "checkout-crashloop", "redeliveries")).toBe(0);

    const outcome = await sweep(broken, NOW + 30_000);
    expect(outcome.failed).toEqual(["checkout-crashloop"]);
    let text = await registry.metrics();
    for (const check of CHECK_IDS) expect(status(text, "checkout-crashloop", check), check).toBe(3);
    expect(sample(text, "asyncscope_workflow_status", 'workflow="checkout-crashloop"')).toBe(3);
    // When it was last evaluated stays at the last success: a rule sees the state is old.
    expect(sample(text, "asyncscope_check_evaluated_timestamp_seconds", 'workflow="checkout-crashloop"')).toBe(
      NOW / 1000,
    );
    expect(sample(text, "asyncscope_check_sweep_failures_total", 'workflow="checkout-crashloop"')).toBe(1);
    // The other workflows are unaffected.
    expect(status(text, "checkout-silent-drop", "silent-drops")).toBeLessThan(3);
    expect(sample(text, "asyncscope_check_evaluated_timestamp_seconds", 'workflow="checkout-silent-drop"')).toBe(
      (NOW + 30_000) / 1000,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[asyncscope\] check sweep: workflow checkout-crashloop could not be evaluated over 2026-12-01T07:45:30Z – 2026-12-01T08:00:30Z: .*signals.* its checks read unknown \(3\) at \/api\/metrics until it is evaluated again$/,
    );

    // Still failing the same way: counted, not logged again.
    await sweep(broken, NOW + 60_000);
    text = await registry.metrics();
    expect(sample(text, "asyncscope_check_sweep_failures_total", 'workflow="checkout-crashloop"')).toBe(2);
    expect(lines).toHaveLength(1);

    // Fixed: the recorded values are back, and the log says so once.
    await sweep(demo, NOW + 90_000);
    text = await registry.metrics();
    expect(status(text, "checkout-crashloop", "consumers-alive")).toBe(2);
    expect(status(text, "checkout-crashloop", "redeliveries")).toBe(0);
    expect(lines.slice(1)).toEqual(["[asyncscope] check sweep: workflow checkout-crashloop is evaluated again"]);
  });

  it("removes every series of a workflow that left the config", async () => {
    const { registry, metrics, log, lines, reported } = fresh();
    await sweepCheckStatus({
      config: () => replaying(demo, "checkout-crashloop", corruptBundle),
      now: () => NOW,
      metrics,
      log,
      reported,
    });
    expect(await registry.metrics()).toContain('workflow="checkout-crashloop"');

    const without = { ...demo, workflows: demo.workflows.filter((w) => w.id !== "checkout-crashloop") };
    const outcome = await sweepCheckStatus({ config: () => without, now: () => NOW + 30_000, metrics, log, reported });
    expect(outcome.removed).toEqual(["checkout-crashloop"]);
    const text = await registry.metrics();
    expect(text).not.toContain('workflow="checkout-crashloop"');
    expect(status(text, "checkout-dlq-growth", "dead-letters")).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe(
      "[asyncscope] check sweep: workflow checkout-crashloop is no longer in the config; its series are removed",
    );
    expect(reported.has("checkout-crashloop")).toBe(false);
  });

  it("has no series for checks nobody can judge because their only source is not configured", async () => {
    // The e2e config (every source at a closed port) without Jaeger: the trace checks read
    // "not configured", which the page leaves out of the verdict; a failing source stays 3.
    const text = readFileSync(path.resolve(import.meta.dirname, "../../tests/e2e/asyncscope.e2e.yaml"), "utf8");
    const withoutJaeger = text.replace(/\n {2}jaeger:\n(?: {4}.*\n)+/, "\n");
    expect(withoutJaeger).not.toContain("jaeger:");
    const config = parseConfigText(withoutJaeger, "asyncscope.yaml", {});
    const { registry, metrics, log } = fresh();
    await sweepCheckStatus({ config: () => config, now: () => Date.now(), metrics, log });
    const exposition = await registry.metrics();
    for (const check of ["trace-completeness", "orphan-publishes", "clock-skew"])
      expect(status(exposition, "checkout", check), check).toBeUndefined();
    // Prometheus and RabbitMQ are configured but unreachable: unknown, said.
    expect(status(exposition, "checkout", "consumers-alive")).toBe(3);
    expect(status(exposition, "checkout", "acks-progressing")).toBe(3);
  });

  it("renders an exposition promtool accepts", async (ctx) => {
    if (!existsSync(PROMTOOL)) {
      console.warn(`skipped: ${PROMTOOL} is absent (apt-get install prometheus); CI installs it`);
      ctx.skip(`${PROMTOOL} is absent (apt-get install prometheus)`);
    }
    const { registry, metrics, log } = fresh();
    await sweepCheckStatus({
      config: () => replaying(demo, "checkout-crashloop", corruptBundle),
      now: () => NOW,
      metrics,
      log,
    });
    metrics.skipped.inc();
    // promtool exits non-zero on a syntax error and on lint problems, and prints them.
    expect(execFileSync(PROMTOOL, ["check", "metrics"], { input: await registry.metrics(), encoding: "utf8" })).toBe(
      "",
    );
  });
});

describe("startCheckSweep", () => {
  let sweep: CheckSweep | undefined;
  let upstream: Loopback | undefined;
  afterEach(async () => {
    await sweep?.stop();
    sweep = undefined;
    await upstream?.close();
    upstream = undefined;
  });

  /** The lab's example config with every source on one loopback server that answers 404 after `delayMs`. */
  async function slowUpstreamConfig(delayMs: number): Promise<AsyncscopeConfig> {
    upstream = await loopback((_req, res) => {
      setTimeout(() => sendJson(res, 404, { error: "not here" }), delayMs);
    });
    const example = readFileSync(path.resolve(import.meta.dirname, "../../asyncscope.example.yaml"), "utf8");
    return parseConfigText(
      example
        .replace("url: http://127.0.0.1:9090", `url: ${upstream.url}`)
        .replace("url: http://127.0.0.1:16686", `url: ${upstream.url}`)
        .replace("managementUrl: http://127.0.0.1:15672", `managementUrl: ${upstream.url}`),
      "asyncscope.test.yaml",
      { RABBITMQ_USER: "guest", RABBITMQ_PASSWORD: "guest" },
    );
  }

  // Generous: in CI these share two cores with the whole lab, where a sweep of the example's
  // workflows can take seconds. A condition never met still fails the test.
  const until = async (what: () => boolean | Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error("timed out waiting");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it(
    "never overlaps itself: a tick while a sweep runs is skipped, logged and counted",
    { timeout: 90_000 },
    async () => {
      const config = await slowUpstreamConfig(400);
      const { registry, metrics, log, lines } = fresh();
      sweep = startCheckSweep(100, { config: () => config, metrics, log });
      expect(startCheckSweep(100, { config: () => config, metrics, log })).toBe(sweep);
      await until(async () => (await valueOf(metrics.evaluatedAt, { workflow: "checkout" })) !== undefined);

      // A busy event loop can run late ticks together: wait for the second skip, not a count at
      // the first sweep's end.
      const skips = () => lines.filter((l) => l.includes("check sweep still running after 0.1 s; skipping this one"));
      await until(() => skips().length >= 2);
      expect(await registry.metrics()).toMatch(/^asyncscope_check_sweeps_skipped_total ([2-9]|\d{2,})$/m);
      // Every source answered 404: the checks that need them are unknown, as on the page.
      expect(await valueOf(metrics.status, { workflow: "checkout", check: "consumers-alive" })).toBe(3);
    },
  );

  it(
    "does not keep the process alive, and stops cleanly: the sweep in progress ends, the gauges go",
    { timeout: 90_000 },
    async () => {
      const config = await slowUpstreamConfig(300);
      const { registry, metrics, log } = fresh();
      const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      sweep = startCheckSweep(100, { config: () => config, metrics, log });
      expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(timersBefore);

      await until(async () => (await valueOf(metrics.evaluatedAt, { workflow: "checkout" })) !== undefined);
      // The next sweep has asked upstream, which answers only after 300 ms: it is in progress.
      const seen = upstream!.requests.length;
      await until(() => upstream!.requests.length > seen);
      const stopping = sweep;
      sweep = undefined;
      const started = Date.now();
      await stopping.stop();
      expect(Date.now() - started, "stop() waits for the sweep in progress").toBeGreaterThan(100);
      expect(await registry.metrics()).not.toContain("asyncscope_check_status{");
      expect(await registry.metrics()).not.toContain("asyncscope_check_evaluated_timestamp_seconds{");

      const requests = upstream!.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(upstream!.requests.length).toBe(requests);
      expect(await registry.metrics()).not.toContain("asyncscope_check_status{");
      // Stopped, a new start makes a new sweep.
      const next = startCheckSweep(100, { config: () => config, metrics, log });
      expect(next).not.toBe(stopping);
      sweep = next;
    },
  );
});

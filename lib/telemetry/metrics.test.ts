import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  appMetrics,
  checkMetrics,
  counter,
  gauge,
  Registry,
  sourceCalls,
  sweepsSkipped,
  timelineDerivations,
  upstreamDuration,
  upstreamErrors,
  upstreamRequests,
  valueOf,
} from "./metrics";

// The metric names, types and labels are a contract with dashboards and alert rules
// (docs/operations.md): prom-client renders them, these tests hold the contract.

const PROMTOOL = "/usr/bin/promtool";

/** `# TYPE` lines and the label names of each sample line, per metric family. */
function shape(text: string): Record<string, { type: string; labels: string[] }> {
  const families: Record<string, { type: string; labels: string[] }> = {};
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) families[type[1]!] = { type: type[2]!, labels: [] };
  }
  for (const line of text.split("\n")) {
    const sample = /^([a-z_]+?)(?:_bucket|_sum|_count)?\{([^}]*)\}/.exec(line);
    if (!sample || line.startsWith("#")) continue;
    const family = families[sample[1]!] ?? families[line.slice(0, line.indexOf("{"))];
    if (!family) continue;
    for (const [, name] of sample[2]!.matchAll(/([a-z_]+)="/g))
      if (!family.labels.includes(name!)) family.labels.push(name!);
  }
  return families;
}

describe("the app's metrics", () => {
  it("keeps every name, type and label served at /api/metrics", async () => {
    upstreamRequests.inc({ source: "prometheus", outcome: "ok" });
    upstreamErrors.inc({ source: "prometheus", kind: "timeout" });
    upstreamDuration.observe({ source: "prometheus" }, 0.2);
    sourceCalls.inc({ source: "prometheus", served: "cache" });
    timelineDerivations.inc({ outcome: "ok" });
    sweepsSkipped.inc({ sweep: "timeline" });
    const registry = new Registry();
    const check = (await import("./metrics")).defineCheckMetrics(registry);
    check.status.set({ workflow: "checkout", check: "consumers-alive" }, 2);
    check.verdict.set({ workflow: "checkout" }, 2);
    check.evaluatedAt.set({ workflow: "checkout" }, 1_764_000_000);
    check.judgedAt.set({ workflow: "checkout" }, 1_764_000_000);
    check.failures.inc({ workflow: "checkout" });
    check.skipped.inc();
    const text = (await appMetrics.metrics()) + (await registry.metrics());
    expect(shape(text)).toMatchObject({
      asyncscope_upstream_requests_total: { type: "counter", labels: ["source", "outcome"] },
      asyncscope_upstream_errors_total: { type: "counter", labels: ["source", "kind"] },
      asyncscope_upstream_request_duration_seconds: { type: "histogram", labels: ["le", "source"] },
      asyncscope_source_calls_total: { type: "counter", labels: ["source", "served"] },
      asyncscope_timeline_derivations_total: { type: "counter", labels: ["outcome"] },
      asyncscope_sweep_skipped_total: { type: "counter", labels: ["sweep"] },
      asyncscope_check_status: { type: "gauge", labels: ["workflow", "check"] },
      asyncscope_workflow_status: { type: "gauge", labels: ["workflow"] },
      asyncscope_check_evaluated_timestamp_seconds: { type: "gauge", labels: ["workflow"] },
      asyncscope_check_judged_timestamp_seconds: { type: "gauge", labels: ["workflow"] },
      asyncscope_check_sweep_failures_total: { type: "counter", labels: ["workflow"] },
      asyncscope_check_sweeps_skipped_total: { type: "counter", labels: [] },
    });
    // The app's registry serves only these: no default process metrics beside them.
    expect(Object.keys(shape(await appMetrics.metrics())).every((name) => name.startsWith("asyncscope_"))).toBe(true);
    // The duration buckets stay those of the hand-written registry it replaced.
    expect(text).toContain('asyncscope_upstream_request_duration_seconds_bucket{le="0.005",source="prometheus"}');
    expect(text).toContain('asyncscope_upstream_request_duration_seconds_bucket{le="10",source="prometheus"}');
    expect(text).toMatch(/^asyncscope_check_status\{workflow="checkout",check="consumers-alive"\} 2$/m);
    // checkMetrics is the app's registry's own set.
    expect(appMetrics.getSingleMetric("asyncscope_check_status")).toBe(checkMetrics.status);
  });

  it("escapes label values and help text, and promtool accepts the exposition", async (ctx) => {
    const registry = new Registry();
    const c = counter(registry, "x_requests_total", "Requests.\nSecond line", ["source", "outcome"]);
    c.inc({ source: 'we"ird\\', outcome: "ok" });
    c.inc({ source: 'we"ird\\', outcome: "ok" }, 2);
    const text = await registry.metrics();
    expect(text).toContain("# HELP x_requests_total Requests.\\nSecond line");
    expect(text).toContain('x_requests_total{source="we\\"ird\\\\",outcome="ok"} 3');
    if (!existsSync(PROMTOOL)) {
      console.warn(`skipped the promtool half: ${PROMTOOL} is absent (apt-get install prometheus); CI installs it`);
      ctx.skip(`${PROMTOOL} is absent`);
    }
    // promtool exits non-zero on a syntax error and on lint problems, and prints them.
    expect(execFileSync(PROMTOOL, ["check", "metrics"], { input: await appMetrics.metrics(), encoding: "utf8" })).toBe(
      "",
    );
  });

  it("says a gauge's series is absent (never a made-up 0) and removes series", async () => {
    const registry = new Registry();
    const g = gauge(registry, "x_status", "Status.", ["workflow", "check"]);
    g.set({ workflow: "plain", check: "one" }, 0);
    g.set({ workflow: "plain", check: "two" }, 3);
    expect(await valueOf(g, { workflow: "plain", check: "one" })).toBe(0);
    expect(await valueOf(g, { workflow: "plain", check: "three" })).toBeUndefined();
    g.remove({ workflow: "plain", check: "one" });
    expect(await valueOf(g, { workflow: "plain", check: "one" })).toBeUndefined();
    expect(await registry.metrics()).not.toContain('check="one"');
  });

  it("returns the metric already registered under a name (a Next.js dev reload defines it again)", () => {
    const registry = new Registry();
    const c = counter(registry, "y_total", "y", ["a"]);
    expect(counter(registry, "y_total", "y", ["a"])).toBe(c);
    expect(() => c.inc({ a: "1" }, -1)).toThrow(/decrease/);
  });
});

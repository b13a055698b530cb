// The exported alert rules, run by promtool on series recorded from the lab: each fault fires
// the rules of the checks Asyncscope's own analysis finds failing in the same recording, and
// the healthy recording fires nothing. promtool comes with Debian's prometheus package; CI
// installs it (.ci/run), so there a missing promtool fails instead of skipping.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { analyseWorkflow } from "@/lib/analysis/analyse";
import type { CheckStatus } from "@/lib/analysis/types";
import { exportRules, rulesOf } from "@/lib/alerts/export";
import { loadConfigFile } from "@/lib/config/loader";
import { labCapture } from "@/tests/fixtures/analysis/read";
import type { V1Signals } from "@/lib/sources/rabbitmq/legacy";
import { promtoolInput, type PromtoolInput } from "@/tests/support/promtool-input";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const config = loadConfigFile(path.join(ROOT, "asyncscope.example.yaml"), {});
const workflow = config.workflows[0]!;

function promtoolPath(): string | undefined {
  const found = spawnSync("promtool", ["--version"], { encoding: "utf8" });
  return found.status === 0 ? "promtool" : undefined;
}
const promtool = promtoolPath();
if (!promtool && !process.env.CI)
  console.warn("rules-promtool: promtool not installed (apt-get install prometheus); these tests are skipped here");

const STATUS_CODE: Record<CheckStatus, number> = { ok: 0, warning: 1, critical: 2, unknown: 3 };
/** Long enough for the longest rule: a 10-minute window judged for 5 more minutes. */
const EXTRA_STEPS = 100;

function rawCapture(name: string): V1Signals {
  const file = path.join(ROOT, "tests/fixtures/analysis", `lab-${name}.json.gz`);
  return (JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as { signals: V1Signals }).signals;
}

interface Expected {
  /** Which alerts may answer, as a label matcher on alertname. */
  alertname: string;
  /** Extra label matchers, e.g. the check. */
  labels: Record<string, string>;
  /** When to look (promtool duration); default the end of the input. */
  at?: string;
}

/** The recording as promtool input, with Asyncscope's check state as /api/metrics would have shown it. */
function scenario(name: string, extend: "trend" | "cycle") {
  const signals = labCapture(name, workflow);
  const analysis = analyseWorkflow(workflow, signals);
  const input: PromtoolInput = promtoolInput(rawCapture(name), EXTRA_STEPS, extend);
  const last = input.steps - 1;
  // As the sweep exposes them: a check analysis says nobody expects judged has no series.
  const state = analysis.checks
    .filter((check) => check.status !== "unknown" || check.matters)
    .map((check) => ({
      series: `asyncscope_check_status{workflow="${workflow.id}",check="${check.id}"}`,
      values: `${STATUS_CODE[check.status]}x${last}`,
    }));
  const evaluated = {
    series: `asyncscope_check_evaluated_timestamp_seconds{workflow="${workflow.id}"}`,
    values: `0+${input.intervalSeconds}x${last}`,
  };
  const deadLetters =
    signals.state.ok && signals.state.value.deadLetterRoutes.length
      ? signals.state.value.deadLetterRoutes.flatMap((route) => route.targets)
      : { unknown: "not in the recording" };
  const rules = rulesOf(workflow, config, deadLetters);
  return {
    analysis,
    rules,
    input: { ...input, series: [...input.series, ...state, evaluated] },
    evalTime: `${last * input.intervalSeconds}s`,
    /** Every minute of the input, for "nothing fires at any time". */
    everyMinute: Array.from({ length: Math.floor((last * input.intervalSeconds) / 60) }, (_, i) => `${(i + 1) * 60}s`),
  };
}

function matcher(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(",");
}

/** Runs promtool test rules on one scenario; returns its exit status and output. */
function runPromtool(
  s: ReturnType<typeof scenario>,
  expectations: { firing: Expected[] } | { nothingFires: true },
): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-promtool-"));
  try {
    fs.writeFileSync(
      path.join(dir, "rules.yml"),
      exportRules([s.rules], {
        format: "prometheus",
        baseUrl: "http://asyncscope.test",
        generatedAt: new Date(0),
        origin: "test",
      }),
    );
    const tests =
      "firing" in expectations
        ? expectations.firing.map((e) => ({
            expr: `count(ALERTS{alertstate="firing",workflow="${workflow.id}",${e.alertname},${matcher(e.labels)}}) > bool 0`,
            eval_time: e.at ?? s.evalTime,
            exp_samples: [{ labels: "{}", value: 1 }],
          }))
        : s.everyMinute.map((evalTime) => ({
            expr: `ALERTS{workflow="${workflow.id}"}`,
            eval_time: evalTime,
            exp_samples: [],
          }));
    fs.writeFileSync(
      path.join(dir, "tests.yml"),
      stringify({
        rule_files: ["rules.yml"],
        evaluation_interval: `${s.input.intervalSeconds}s`,
        tests: [
          {
            interval: `${s.input.intervalSeconds}s`,
            input_series: s.input.series,
            promql_expr_test: tests,
          },
        ],
      }),
    );
    const run = spawnSync(promtool!, ["test", "rules", "tests.yml"], { cwd: dir, encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What must fire: for every check the analysis judges warning or critical at the end of the
 * recording, an alert with that check and severity. A check with a PromQL rule must fire that
 * rule, from the recorded series alone: the check-state rules (fed the analysis' own verdict
 * below) do not count for it. A check that cannot be a rule here (traces; what the export lists
 * as not a rule) must fire the check-state rule of its severity.
 */
function expectedFromAnalysis(s: ReturnType<typeof scenario>): Expected[] {
  const byPromQL = new Set(
    s.rules.rules.map((rule) => rule.check).filter((check) => !s.rules.notRules.some((n) => n.check === check)),
  );
  return s.analysis.checks
    .filter((check) => check.status === "warning" || check.status === "critical")
    .map((check) => ({
      alertname: byPromQL.has(check.id)
        ? 'alertname!~"AsyncscopeCheck.*"'
        : `alertname="AsyncscopeCheck${check.status === "critical" ? "Critical" : "Warning"}"`,
      labels: { check: check.id, severity: check.status },
    }));
}

const FAULTS = [
  "consumer-crashloop",
  "consumer-down",
  "poison-messages",
  "slow-consumer",
  "stolen-messages",
  "silent-drop",
  "clock-skew",
];

describe.skipIf(!promtool && !process.env.CI)("alert rules under promtool, on lab recordings", () => {
  it("promtool is installed (CI must run these)", () => {
    expect(promtool, "promtool not found: apt-get install prometheus").toBeDefined();
  });

  it("the healthy lab, repeated past the longest rule window, fires nothing at any minute", () => {
    const run = runPromtool(scenario("healthy", "cycle"), { nothingFires: true });
    expect(run.output).toContain("SUCCESS");
    expect(run.status, run.output).toBe(0);
  });

  for (const name of FAULTS) {
    it(`${name}: every check the analysis finds failing fires its alert`, () => {
      const s = scenario(name, "trend");
      const firing = expectedFromAnalysis(s);
      expect(firing.length, "the recording shows its fault to the analysis").toBeGreaterThan(0);
      const run = runPromtool(s, { firing });
      expect(run.status, run.output).toBe(0);
    });
  }

  it("a configured drop counter that rises fires AsyncscopeDeliberateDrops", () => {
    // No recording has deliberate drops (the lab's silent drop is silent: that is seed 000's
    // point), so the healthy recording's own zero drop counter is made to count one per step.
    const s = scenario("healthy", "cycle");
    const steps = s.input.steps - 1;
    const series = s.input.series.map((entry) =>
      entry.series.startsWith("lab_messages_dropped_total") ? { ...entry, values: `0+1x${steps}` } : entry,
    );
    expect(series.some((entry) => entry.values === `0+1x${steps}`)).toBe(true);
    const run = runPromtool(
      { ...s, input: { ...s.input, series } },
      {
        firing: [
          {
            alertname: 'alertname="AsyncscopeDeliberateDrops"',
            labels: { check: "silent-drops", counter: "lab_messages_dropped_total", severity: "warning" },
          },
        ],
      },
    );
    expect(run.status, run.output).toBe(0);
  });

  it("a dead-letter queue purged and filling again fires AsyncscopeDeadLettersGrowing", () => {
    // In the lab, a purge before poison messages made an end-to-end delta() read as shrinking
    // for five minutes while the queue filled. The healthy recording's own dead-letter queue
    // holds 80, is purged, then gains 2 per step.
    const s = scenario("healthy", "cycle");
    const steps = s.input.steps;
    const dlq = `rabbitmq_queue_messages_ready{queue="order_confirmed.notification.dlq",vhost="/"}`;
    const series = s.input.series.map((entry) =>
      entry.series === dlq ? { ...entry, values: `80x29 0+2x${steps - 31}` } : entry,
    );
    expect(series.some((entry) => entry.values.startsWith("80x29"))).toBe(true);
    const run = runPromtool(
      { ...s, input: { ...s.input, series } },
      {
        firing: [
          {
            alertname: 'alertname="AsyncscopeDeadLettersGrowing"',
            labels: { check: "dead-letters", queue: "order_confirmed.notification.dlq" },
            // Three minutes after the purge: the window still holds the 80 from before it.
            at: "480s",
          },
        ],
      },
    );
    expect(run.status, run.output).toBe(0);
  });

  it("the harness can fail: the crash loop does not pass for quiet", () => {
    const run = runPromtool(scenario("consumer-crashloop", "trend"), { nothingFires: true });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('alertname="AsyncscopeNoConsumer"');
  });
});

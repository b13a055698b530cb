// Every export of the example and demo configs is a valid rule file for promtool, in both
// formats the Grafana file carries the same PromQL, and text from config cannot become a
// template action. promtool: see rules-promtool.test.ts for why CI never skips.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exportRules, rulesOf } from "@/lib/alerts/export";
import { exportConfigRules } from "@/lib/alerts/export-config";
import { templateLiteral } from "@/lib/alerts/rules";
import { loadConfigFile, parseConfigText } from "@/lib/config/loader";
import { closeSources, createSources } from "@/lib/sources/registry";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/**
 * The export with source clients of its own, closed afterwards: an open broker client (a NATS
 * connection, a Redis socket, Kafka's admin client) outlives the test file otherwise, and its
 * late work then fails as an unhandled error of the run.
 */
async function exportWithOwnSources(
  config: Parameters<typeof exportConfigRules>[0],
  options: Parameters<typeof exportConfigRules>[2],
): ReturnType<typeof exportConfigRules> {
  const sources = createSources(config.sources);
  try {
    return await exportConfigRules(config, sources, options);
  } finally {
    await closeSources(sources);
  }
}

const example = loadConfigFile(path.join(ROOT, "asyncscope.example.yaml"), {});
const demo = loadConfigFile(path.join(ROOT, "demo/asyncscope.demo.yaml"), {});
const promtool = spawnSync("promtool", ["--version"]).status === 0;

const OPTIONS = { baseUrl: "https://asyncscope.example.com", generatedAt: new Date(0), origin: "test" };

function checkRules(text: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-rules-"));
  try {
    fs.writeFileSync(path.join(dir, "rules.yml"), text);
    const run = spawnSync("promtool", ["check", "rules", "rules.yml"], { cwd: dir, encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface PromFile {
  groups: {
    name: string;
    rules: {
      alert: string;
      expr: string;
      for: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }[];
  }[];
}
interface GrafanaFile {
  apiVersion: number;
  groups: {
    name: string;
    folder: string;
    rules: {
      uid: string;
      title: string;
      condition: string;
      data: { refId: string; datasourceUid: string; model: { expr?: string } }[];
      for: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }[];
  }[];
}

describe("alert rule export", () => {
  it("the demo's RabbitMQ recordings name their dead-letter queues: the export has the dead-letter rules", async () => {
    // The other brokers' recordings skip the rules their exporters cannot feed, saying so
    // (tests/unit/alerts/rules-skip.test.ts).
    const rabbitmq = { ...demo, workflows: demo.workflows.filter((w) => w.broker === "rabbitmq") };
    expect(rabbitmq.workflows).toHaveLength(4);
    const { text, problems } = await exportWithOwnSources(rabbitmq, {
      ...OPTIONS,
      format: "prometheus",
    });
    expect(problems).toEqual([]);
    const file = parse(text) as PromFile;
    expect(file.groups.map((g) => g.name)).toEqual(rabbitmq.workflows.map((w) => `asyncscope-${w.id}`));
    const deadLetter = file.groups[0]!.rules.find((r) => r.alert === "AsyncscopeDeadLettersGrowing");
    expect(deadLetter?.expr).toContain("order_confirmed\\\\.notification\\\\.dlq");
  });

  it("offline, the dead-letter rule is left out and the file says why", async () => {
    const { text, problems } = await exportWithOwnSources(example, {
      ...OPTIONS,
      format: "prometheus",
      offline: true,
      workflowIds: ["checkout"],
    });
    expect(problems).toEqual([expect.stringContaining("checkout: the dead-letter queues are not in the config")]);
    expect(text).toContain("# not a rule: dead-letters:");
    expect(text).not.toContain("AsyncscopeDeadLettersGrowing");
  });

  it("a workflow not in the config is refused by name", async () => {
    await expect(
      exportWithOwnSources(example, {
        ...OPTIONS,
        format: "prometheus",
        offline: true,
        workflowIds: ["nope"],
      }),
    ).rejects.toThrow(
      /^no workflow "nope" in the config \(known: checkout, checkout-kafka, checkout-nats, checkout-redis\)/,
    );
  });

  it("every rule carries workflow, check and severity, and links back to the page in the window", () => {
    const rules = rulesOf(example.workflows[0]!, example, { unknown: "test" });
    const file = parse(exportRules([rules], { ...OPTIONS, format: "prometheus" })) as PromFile;
    for (const rule of file.groups[0]!.rules) {
      expect(rule.labels.workflow).toBe("checkout");
      expect(["critical", "warning"]).toContain(rule.labels.severity);
      if (!rule.alert.startsWith("AsyncscopeCheck") || rule.alert === "AsyncscopeCheckStateAbsent")
        expect(rule.labels.check, rule.alert).toBeTruthy();
      expect(rule.annotations.dashboard).toMatch(
        /^https:\/\/asyncscope\.example\.com\/workflows\/checkout\?from=\{\{ with query "time\(\) - 3600" \}\}.*&to=/,
      );
      expect(rule.annotations.runbook_url).toMatch(/^https:\/\/asyncscope\.example\.com\/workflows\/checkout#check-/);
      expect(rule.annotations.summary).toContain("Checkout confirmation");
    }
  });

  it("the Grafana file provisions the same PromQL, one uid per rule, stable across exports", () => {
    const rules = rulesOf(example.workflows[0]!, example, { unknown: "test" });
    const prom = parse(exportRules([rules], { ...OPTIONS, format: "prometheus" })) as PromFile;
    const grafanaText = exportRules([rules], { ...OPTIONS, format: "grafana", datasourceUid: "prom-main" });
    const grafana = parse(grafanaText) as GrafanaFile;
    expect(grafana.apiVersion).toBe(1);
    const group = grafana.groups[0]!;
    expect(group.folder).toBe("Asyncscope");
    expect(group.rules.map((r) => r.data[0]!.model.expr)).toEqual(prom.groups[0]!.rules.map((r) => r.expr));
    expect(new Set(group.rules.map((r) => r.uid)).size).toBe(group.rules.length);
    expect(new Set(group.rules.map((r) => r.title)).size).toBe(group.rules.length);
    for (const rule of group.rules) {
      expect(rule.uid.length).toBeLessThanOrEqual(40);
      expect(rule.condition).toBe("B");
      expect(rule.data[0]!.datasourceUid).toBe("prom-main");
      expect(rule.annotations.description).not.toContain("$value ");
      expect(rule.annotations.dashboard).toBe("https://asyncscope.example.com/workflows/checkout?range=1h");
    }
    const again = parse(
      exportRules([rules], { ...OPTIONS, format: "grafana", datasourceUid: "prom-main" }),
    ) as GrafanaFile;
    expect(again.groups[0]!.rules.map((r) => r.uid)).toEqual(group.rules.map((r) => r.uid));
  });

  it("'{{' in a workflow name or the base URL stays text, never a template action", () => {
    expect(templateLiteral("a {{ x }}")).toBe('a {{ "{{" }} x }}');
    const config = parseConfigText(
      fs
        .readFileSync(path.join(ROOT, "asyncscope.example.yaml"), "utf8")
        .replace("name: Checkout confirmation", 'name: "Checkout {{ query \\"up\\" }}"'),
      "asyncscope.yaml",
      {},
    );
    const rules = rulesOf(config.workflows[0]!, config, { unknown: "test" });
    const text = exportRules([rules], { ...OPTIONS, baseUrl: "https://x.example/{{ 1 }}", format: "prometheus" });
    const file = parse(text) as PromFile;
    expect(file.groups[0]!.rules[0]!.annotations.summary).toContain('Checkout {{ "{{" }} query');
    if (promtool) expect(checkRules(text).status).toBe(0);
  });
});

describe.skipIf(!promtool && !process.env.CI)("promtool check rules", () => {
  it.each([
    ["asyncscope.example.yaml", example],
    ["demo/asyncscope.demo.yaml", demo],
  ] as const)("passes on the export of %s", async (_name, config) => {
    const { text } = await exportWithOwnSources(config, {
      ...OPTIONS,
      format: "prometheus",
      offline: config === example,
    });
    const run = checkRules(text);
    expect(run.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(run.status, run.output).toBe(0);
  });
});

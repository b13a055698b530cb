// The workflow page's data from signals captured on the real lab (tests/fixtures/analysis):
// what each panel would draw for a crash-looping consumer, a healthy system, and a system
// whose Prometheus is gone. Charts must show gaps as null and failures as the source's name.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { analyse } from "@/lib/evaluate";
import type { WorkflowSignals } from "@/lib/analysis/types";
import { labCapture } from "@/tests/fixtures/analysis/read";
import { presentHealth } from "./health";
import { buildViewModel } from "./workflow-view";
import type { LineData } from "./view-model";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../asyncscope.example.yaml"), {});
const workflow = config.workflows[0]!;

const fixture = (name: string): WorkflowSignals => labCapture(name, workflow);

function view(signals: WorkflowSignals) {
  const health = presentHealth({ workflow, signals, analysis: analyse(workflow, signals) }, config);
  return buildViewModel(workflow, signals, health, config);
}

const values = (line: LineData | undefined) =>
  (line?.points ?? []).map(([, v]) => v).filter((v): v is number => v !== null);

describe("workflow view on lab captures", () => {
  it("consumer crash loop: critical, notification consumers at zero, its depth rising", () => {
    const v = view(fixture("consumer-crashloop"));
    expect(v.health.status).toBe("critical");
    expect(v.health.checks.find((c) => c.id === "consumers-alive")?.status).toBe("critical");
    if (!v.charts.consumers.ok || !v.charts.depth.ok) throw new Error("metric panels should have data");
    const consumers = values(
      v.charts.consumers.data.lines.find((l) => l.key === "consumers://order_confirmed.notification"),
    );
    expect(consumers.at(-1)).toBe(0);
    const ready = values(v.charts.depth.data.lines.find((l) => l.label === "order_confirmed.notification waiting"));
    expect(ready.at(-1)!).toBeGreaterThan(ready[0]!);
    // Every point lies inside the displayed window.
    for (const l of v.charts.depth.data.lines)
      for (const [t] of l.points) expect(t).toBeGreaterThanOrEqual(v.window.fromMs);
  });

  it("healthy: ok, completeness listed with its sample size and trend", () => {
    const v = view(fixture("healthy"));
    expect(v.health.status).toBe("ok");
    if (!v.traces.ok) throw new Error("traces should have data");
    const row = v.traces.data.completeness[0]!;
    expect(row.traces).toBeGreaterThan(10);
    expect(row.trend).toHaveLength(10);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it("Prometheus gone: every metric panel names Prometheus, the verdict is not ok", () => {
    const signals = fixture("healthy");
    const down = { ok: false as const, source: "prometheus" as const, reason: "Prometheus did not answer within 10 s" };
    const broken: WorkflowSignals = {
      ...signals,
      history: {
        ...signals.history,
        signals: Object.fromEntries(Object.keys(signals.history.signals).map((signal) => [signal, down])),
        drops: down,
      },
    };
    const v = view(broken);
    expect(v.health.status).not.toBe("ok");
    for (const key of ["throughput", "depth", "age", "consumers"] as const) {
      expect(v.charts[key]).toMatchObject({ ok: false, source: "prometheus" });
    }
    // The DLQ panel still lists routes from the broker and says the history is missing.
    expect(v.charts.dlq.ok && v.charts.dlq.notes.some((n) => n.includes("Prometheus"))).toBe(true);
  });
});

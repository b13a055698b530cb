// One collection, through real HTTP on loopback: what the readers return reaches the signals
// with its warnings, per destination, and a recording read through the same readers gives back
// exactly what it recorded (replay is a source, not a special case).
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { configSchema } from "@/lib/config/schema";
import { sourceReports } from "@/lib/analysis/analyse";
import { readBundleFile } from "@/lib/sources/recording/file";
import { recordingReaders } from "@/lib/sources/recording/readers";
import { createSources, readersFor } from "@/lib/sources/registry";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";
import { collectSignals } from "./collect";

let servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const PARTIAL = "partial response: store eu-1 unavailable";

describe("collectSignals from live readers", () => {
  it("keeps Prometheus's warnings with the series, labels each series with its destination, and says what is not configured", async () => {
    const now = Date.parse("2026-11-23T19:15:00Z");
    const prometheus = await loopback((req, res) => {
      const query = new URL(`http://x${req.url}`).searchParams.get("query") ?? "";
      const queue = (name: string, labels: Record<string, string>) => ({
        metric: { queue: name, ...labels },
        values: [[now / 1000 - 10, "3"]],
      });
      const vhostLabel = query.includes("published") ? "queue_vhost" : "vhost";
      sendJson(res, 200, {
        status: "success",
        ...(query.includes("messages_ready") ? { warnings: [PARTIAL] } : {}),
        data: {
          resultType: "matrix",
          result: query.includes("dropped")
            ? []
            : [queue("work", { [vhostLabel]: "/" }), queue("elsewhere", { [vhostLabel]: "other" })],
        },
      });
    });
    servers.push(prometheus);
    const config = configSchema.parse({
      version: 1,
      sources: { prometheus: { url: prometheus.url, timeoutMs: 2000 } },
      workflows: [
        { id: "w", name: "w", destinations: [{ queue: "work", consumers: [] }], dropCounters: ["x_dropped_total"] },
      ],
    });
    const workflow = config.workflows[0]!;
    const signals = await collectSignals(
      readersFor(workflow, config, createSources(config.sources)),
      workflow,
      { fromMs: now - 15 * 60_000, toMs: now },
      { now: () => now },
    );
    const waiting = signals.history.signals.waiting!;
    expect(waiting).toMatchObject({ ok: true, warnings: [PARTIAL] });
    // The series of a queue in another vhost is not this destination's.
    if (waiting.ok) expect(waiting.value.map((s) => s.labels.destination)).toEqual(["//work", "other/elsewhere"]);
    expect(signals.history.signals.acked).toMatchObject({ ok: true });
    expect(signals.history.signals.acked!.ok && signals.history.signals.acked!.warnings).toBeFalsy();
    expect(signals.state).toMatchObject({ ok: false, source: "rabbitmq", unconfigured: true });
    expect(signals.traces).toMatchObject({ ok: false, source: "jaeger", unconfigured: true });
    expect(signals.staleAfterMs).toEqual({ prometheus: 45_000, rabbitmq: 30_000 });
    expect(sourceReports(signals).map((r) => [r.name, r.status])).toEqual([
      ["prometheus", "degraded"],
      ["jaeger", "unconfigured"],
      ["rabbitmq", "unconfigured"],
      ["logs", "unconfigured"],
    ]);
  });
});

describe("collectSignals from a recording", () => {
  const configFile = path.resolve(import.meta.dirname, "../../demo/asyncscope.demo.yaml");
  const config = loadConfigFile(configFile, {});
  const replayed = async (id: string) => {
    const workflow = config.workflows.find((w) => w.id === id)!;
    const recorded = readBundleFile(workflow.replay!.bundle).workflows[0]!.signals;
    const signals = await collectSignals(recordingReaders(workflow), workflow, { fromMs: 0, toMs: 1 });
    return { workflow, recorded, signals };
  };

  it("gives back what was recorded, whatever window is asked", async () => {
    // Re-recorded on 2026-12-02: its history states the rate range it was taken over.
    const { workflow, recorded, signals } = await replayed("checkout-crashloop");
    expect(recorded.history.rateRangeSeconds).toBe(12);
    expect(signals).toEqual({ ...recorded, workflowId: workflow.id });
  });

  it("states the range of a recording made before history.rateRangeSeconds", async () => {
    // The rule of their time, max(2 min, 2 steps), instead of leaving it implicit.
    const { workflow, recorded, signals } = await replayed("checkout-silent-drop");
    expect(recorded.history.rateRangeSeconds).toBeUndefined();
    expect(signals).toEqual({
      ...recorded,
      workflowId: workflow.id,
      history: { ...recorded.history, rateRangeSeconds: 120 },
    });
  });
});

// Snapshots and share links already stored in users' databases were written in bundle format 1,
// before the broker-neutral model. They must still open and render the same. The fixture is a
// format-1 bundle as the app stored it (a recording of the lab under a crash loop), and next to
// it what the app drew from it then (v1-consumer-crashloop.rendered.json, made at dfef3c1).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import type { PrismaClient } from "@/lib/db/generated/client";
import { analyse } from "@/lib/evaluate";
import { loadSnapshot } from "@/lib/evidence/load-snapshot";
import { createSnapshot } from "@/lib/incidents/repository";
import { BUNDLE_VERSION } from "@/lib/sources/recording/format";
import type { LineData, PanelData, ChartData } from "@/lib/view/view-model";
import { buildViewModel } from "@/lib/view/workflow-view";
import { onEachDatabase } from "../support/migrated-database";

const dir = path.resolve(import.meta.dirname, "../fixtures/bundles");
const stored = JSON.parse(
  zlib.gunzipSync(fs.readFileSync(path.join(dir, "v1-consumer-crashloop.json.gz"))).toString("utf8"),
);
const renderedThen = JSON.parse(fs.readFileSync(path.join(dir, "v1-consumer-crashloop.rendered.json"), "utf8")) as {
  charts: Record<string, Array<{ key: string; label: string; points: Array<[number, number | null]> }>>;
  consumers: unknown;
  health: { status: string; checks: Array<{ id: string; status: string }> };
};
const config = loadConfigFile(path.resolve(import.meta.dirname, "../../demo/asyncscope.demo.yaml"), {});

/** Line keys of format 1 named RabbitMQ's fields; today's name the neutral signals. */
const renamed = (key: string) => key.replace(/^ready:/, "waiting:").replace(/^unacked:/, "inFlight:");

function lines(panel: PanelData<ChartData>): LineData[] {
  if (!panel.ok) throw new Error(`panel failed: ${panel.reason}`);
  return panel.data.lines;
}

onEachDatabase("a format-1 snapshot stored before the broker-neutral model", "stored_bundles", (database) => {
  let db: PrismaClient;
  beforeAll(() => {
    db = database();
  });

  /** Stores the v1 bundle as an incident pin did then, and loads it back as the page does now. */
  async function storeAndLoad() {
    const row = await createSnapshot(db, {
      workflowId: "checkout",
      windowFrom: new Date(stored.window.from),
      windowTo: new Date(stored.window.to),
      bundleVersion: 1,
      bundle: stored,
    });
    return loadSnapshot(row!.id, db);
  }

  it("opens, upgraded to today's format, with the findings it was stored with", async () => {
    expect(stored.version).toBe(1);
    const snapshot = await storeAndLoad();
    expect(snapshot.bundle.version).toBe(BUNDLE_VERSION);
    const [entry] = snapshot.bundle.workflows;
    // The health is the one pinned then, untouched.
    expect(entry!.health).toEqual(stored.workflows[0].health);
    expect(entry!.signals.version).toBe(2);
    expect(entry!.config.destinations.map((d) => d.ref.key)).toEqual([
      "//order_confirmed.notification",
      "//order_confirmed.inventory",
      "//order_confirmation_retry",
    ]);
    // Judged again today from the upgraded signals, every check says what it said then.
    const again = analyse(entry!.config, entry!.signals);
    const then = new Set(renderedThen.health.checks.map((c) => c.id));
    expect(again.checks.filter((c) => then.has(c.id)).map((c) => [c.id, c.status])).toEqual(
      renderedThen.health.checks.map((c) => [c.id, c.status]),
    );
    // Checks added since (log-findings) say the snapshot holds no data for them, never ok.
    for (const check of again.checks.filter((c) => !then.has(c.id)))
      expect([check.id, check.status, check.matters]).toEqual([check.id, "unknown", false]);
  });

  it("renders the same charts and consumers as it did", async () => {
    const entry = (await storeAndLoad()).bundle.workflows[0]!;
    const view = buildViewModel(entry.config, entry.signals, entry.health, config);
    for (const chart of ["throughput", "depth", "consumers", "dlq"] as const) {
      const now = lines(view.charts[chart]).map((l) => ({ key: l.key, points: l.points }));
      const then = renderedThen.charts[chart]!.map((l) => ({ key: renamed(l.key), points: l.points }));
      expect(now, chart).toEqual(then);
    }
    if (!view.consumers.ok) throw new Error("consumers panel failed");
    const consumersThen = renderedThen.consumers as {
      data: Array<{ queue: string; consumers: Array<{ label: string; declared: boolean | null }> }>;
    };
    expect(view.consumers.data.map((d) => [d.destination, d.consumers.map((c) => [c.label, c.declared])])).toEqual(
      consumersThen.data.map((d) => [d.queue, d.consumers.map((c) => [c.label, c.declared])]),
    );
  });
});

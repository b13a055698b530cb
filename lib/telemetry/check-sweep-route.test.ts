// The check sweep as the server runs it: the process config (ASYNCSCOPE_CONFIG), the shared
// evaluations, the app's registry, and GET /api/metrics. The config holds one replayed workflow
// (the demo's crash-loop recording) and one live workflow whose sources all answer 404 on
// loopback.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { exampleWithSourcesAt } from "@/tests/support/example-checkout";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";

const NOW = Date.parse("2026-12-01T08:00:02Z");
const PROMTOOL = "/usr/bin/promtool";
const root = path.resolve(import.meta.dirname, "../..");

let upstream: Loopback;

beforeAll(async () => {
  upstream = await loopback((_req, res) => sendJson(res, 404, { error: "not here" }));
  const example = exampleWithSourcesAt(upstream.url);
  const demo = parse(readFileSync(path.join(root, "demo/asyncscope.demo.yaml"), "utf8"), { merge: true }) as {
    workflows: Array<{ replay: { bundle: string } }>;
  };
  const crashloop = demo.workflows[0]!;
  crashloop.replay.bundle = path.join(root, "demo", crashloop.replay.bundle);
  example.workflows.push(crashloop);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "asyncscope-sweep-route-")), "asyncscope.yaml");
  writeFileSync(file, stringify(example));
  // The process config is read once, on first use: point it at the file before anything loads it.
  process.env.ASYNCSCOPE_CONFIG = file;
});

afterAll(async () => {
  await upstream.close();
});

/** Calls into the source clients so far, however they were served. */
async function sourceCalls(): Promise<number> {
  const { sourceCallCounts } = await import("@/lib/telemetry/metrics");
  const counts = await Promise.all(["prometheus", "jaeger", "rabbitmq"].map(sourceCallCounts));
  return counts.reduce((sum, c) => sum + c.upstream + c.coalesced + c.cache, 0);
}

describe("the check sweep behind GET /api/metrics", () => {
  it("shares its evaluations with the pages and the API (one run for identical windows in flight)", async () => {
    const { sweepCheckStatus } = await import("./check-sweep");
    const { workflowHealth } = await import("@/lib/view/health");
    const log = { info: () => {}, warn: () => {}, error: () => {} };

    let before = await sourceCalls();
    expect((await sweepCheckStatus({ now: () => NOW, log })).failed).toEqual([]);
    const alone = (await sourceCalls()) - before;
    expect(alone).toBeGreaterThan(0);

    // A later window (so nothing is left in flight), with someone opening the page meanwhile.
    const later = NOW + 30_000;
    before = await sourceCalls();
    const [, health] = await Promise.all([
      sweepCheckStatus({ now: () => later, log }),
      workflowHealth("checkout", undefined, { now: () => later }),
    ]);
    expect((await sourceCalls()) - before).toBe(alone);
    expect(health.checks.find((c) => c.id === "consumers-alive")!.status).toBe("unknown");
  });

  it("renders the statuses in a valid exposition", async (ctx) => {
    const { GET } = await import("@/app/api/metrics/route");
    const response = await GET();
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    // The recording: the consumer is crash-looping, redeliveries are fine.
    expect(text).toContain('asyncscope_check_status{workflow="checkout-crashloop",check="consumers-alive"} 2\n');
    expect(text).toContain('asyncscope_check_status{workflow="checkout-crashloop",check="redeliveries"} 0\n');
    // Live, with every source answering 404: unknown, never ok.
    expect(text).toContain('asyncscope_check_status{workflow="checkout",check="consumers-alive"} 3\n');
    expect(text).toContain('asyncscope_workflow_status{workflow="checkout"} 3\n');
    expect(text).toContain(`asyncscope_check_evaluated_timestamp_seconds{workflow="checkout"} `);

    if (!existsSync(PROMTOOL)) {
      console.warn(`skipped the promtool check: ${PROMTOOL} is absent (apt-get install prometheus); CI installs it`);
      ctx.skip(`${PROMTOOL} is absent (apt-get install prometheus)`);
    }
    // promtool exits non-zero on a syntax error and on lint problems, and prints them.
    expect(execFileSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8" })).toBe("");
  });
});

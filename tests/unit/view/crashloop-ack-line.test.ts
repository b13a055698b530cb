// Issue 11's must-show "the crash-loop recording's ack line reaches 0 within one step of the
// consumer loss", judged on the chart series the workflow page draws from the demo's recording
// (demo/bundles/consumer-crashloop.json.gz, replayed as `npm run demo` does).
//
//   consumers  1 1 1 1 0 0 0 0 0 …          (a gauge: it shows the loss at once)
//   ack/s      5 5 5 5 ? ? ? ? ? …          (a rate over the range: it shows it one range later)
//                      ^ loss
//
// A rate whose range is at most two steps must reach 0 within one step of the loss. A longer
// range (recordings made before the range followed the step: 2 minutes) may lag by that range,
// and then the chart must say so: the test holds the recording to what its caption claims. The
// demo's recording was re-recorded on 2026-12-02 with rates over 12 s at 10-s steps
// (`npm run lab -- record consumer-crashloop 3`, docs/bundles.md), so it must hold to one step.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { evaluate } from "@/lib/evaluate";
import { rateLags, rateRangeOf } from "@/lib/analysis/rate-range";
import { presentHealth } from "@/lib/view/health";
import { buildViewModel } from "@/lib/view/workflow-view";
import type { Point } from "@/lib/view/view-model";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../../demo/asyncscope.demo.yaml"), {});
const QUEUE = "order_confirmed.notification";

/** The first instant a gauge is at 0 after having been above it: the consumer loss. */
function firstZeroAfterPositive(points: readonly Point[]): number | undefined {
  let seenPositive = false;
  for (const [ts, v] of points) {
    if (v !== null && v > 0) seenPositive = true;
    else if (seenPositive && v === 0) return ts;
  }
  return undefined;
}
/**
 * The first rate point at or after `fromMs` that is 0. Prometheus extrapolates a rate's edges, so
 * a counter that stopped reads a few hundredths at most: below 0.05/s (one message in 20 s) is 0.
 */
function firstZeroFrom(points: readonly Point[], fromMs: number): number | undefined {
  return points.find(([ts, v]) => ts >= fromMs && v !== null && v < 0.05)?.[0];
}

describe("crash-loop recording: the ack line against the consumer loss", () => {
  it("reaches 0 within one step of the loss, or within the lag its chart states", async () => {
    const workflow = config.workflows.find((w) => w.id === "checkout-crashloop")!;
    const evaluation = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
    const view = buildViewModel(workflow, evaluation.signals, presentHealth(evaluation, config), config);
    const history = evaluation.signals.history;
    const stepMs = history.stepSeconds * 1000;

    const consumersPanel = view.charts.consumers;
    const flowsPanel = view.charts.flows;
    if (!consumersPanel.ok || !flowsPanel.ok) throw new Error("the recording's charts are unavailable");
    const consumers = consumersPanel.data.lines.find((l) => l.label === QUEUE);
    const flow = flowsPanel.data.flows.find((f) => f.destination === QUEUE);
    const ack = flow?.lines.find((l) => l.label === "ack/s");
    if (!consumers || !flow || !ack) throw new Error(`no consumers or ack line for ${QUEUE}`);

    const lossMs = firstZeroAfterPositive(consumers.points);
    expect(lossMs, "the recording shows the consumer loss").toBeDefined();
    const ackZeroMs = firstZeroFrom(ack.points, lossMs!);
    expect(ackZeroMs, "the ack line reaches 0 after the loss").toBeDefined();
    const lagSteps = (ackZeroMs! - lossMs!) / stepMs;
    const rangeSeconds = rateRangeOf(history);
    console.log(
      `${QUEUE}: consumer lost at ${new Date(lossMs!).toISOString()}, ack 0 at ${new Date(ackZeroMs!).toISOString()} ` +
        `(${lagSteps} steps of ${history.stepSeconds} s; rate range ${rangeSeconds} s${history.rateRangeSeconds === undefined ? ", as recorded before ranges followed the step" : ""})`,
    );

    if (!rateLags(history)) {
      expect(lagSteps).toBeLessThanOrEqual(1);
      expect(flow.caption).not.toMatch(/^Rates lag/);
    } else {
      // The chart says the lag, and the line keeps to it: 0 within the range (plus the step the
      // loss can fall inside).
      expect(flow.caption).toMatch(/^Rates lag: each point averages the last/);
      expect(lagSteps).toBeLessThanOrEqual(Math.ceil(rangeSeconds / history.stepSeconds) + 1);
      expect(lagSteps).toBeGreaterThan(1);
    }
  });
});

// The poll warm-up (lib/view/poll-warmup.ts) must start, at each refresh boundary, exactly the
// evaluation the period's polls will ask evaluateShared for: the same workflow and the same
// window, or the polls would start another and the warm-up would only add upstream queries.
// The evaluation is handed in as a recording function: what is judged here is which windows are
// asked for and when. evaluateShared's sharing has its own tests (shared-runs.test.ts), and the
// effect on 200 viewers is measured by `npm run bench:scale` (docs/scale.md).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import type { WorkflowConfig } from "@/lib/config/schema";
import { msUntilWarmup, warmWatched } from "./poll-warmup";
import { pollOffsetMs, REFRESH_SECONDS } from "./refresh-grid";
import { alignedNow, parseTimeRange } from "./time-range";
import { WatchedWindows } from "./watched-windows";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../asyncscope.example.yaml"), {});
const workflow = config.workflows[0]!;
const PERIOD = REFRESH_SECONDS * 1000;
const boundary = 1_700_000_010_000; // a multiple of 15 s

function recorder() {
  const asked: Array<{ workflow: string; window: { fromMs: number; toMs: number } }> = [];
  const evaluate = async (w: WorkflowConfig, window: { fromMs: number; toMs: number }) => {
    asked.push({ workflow: w.id, window });
  };
  return { asked, evaluate };
}

describe("poll warm-up", () => {
  it("fires just past each refresh boundary", () => {
    expect((boundary - 4_000 + msUntilWarmup(boundary - 4_000)) % PERIOD).toBe(50);
    expect(msUntilWarmup(boundary + 50)).toBe(PERIOD);
    expect(boundary + 60 + msUntilWarmup(boundary + 60)).toBe(boundary + PERIOD + 50);
  });

  it("starts the very window the period's polls ask for, once per watched window", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    const { asked, evaluate } = recorder();
    // Two viewers of the last 15 minutes and one of the last hour polled in the previous period.
    for (const [range, at] of [
      ["15m", boundary - PERIOD + 1_200],
      ["15m", boundary - PERIOD + 3_400],
      ["1h", boundary - PERIOD + 2_000],
    ] as const) {
      const parsed = parseTimeRange(new URLSearchParams({ range }), alignedNow(at));
      if (!parsed.ok) throw new Error(parsed.problem.message);
      windows.note({ workflowId: workflow.id, lengthMs: parsed.range.toMs - parsed.range.fromMs }, at);
    }
    const warmAt = boundary + msUntilWarmup(boundary);
    expect(warmAt).toBe(boundary + 50);
    expect(warmWatched(warmAt, { windows, config, evaluate })).toBe(2);

    // What a poll of this period sends to evaluateShared (the data API's parseTimeRange).
    const pollAt = boundary + pollOffsetMs(0.7);
    const expected = ["15m", "1h"].map((range) => {
      const parsed = parseTimeRange(new URLSearchParams({ range }), alignedNow(pollAt));
      if (!parsed.ok) throw new Error(parsed.problem.message);
      return { workflow: workflow.id, window: { fromMs: parsed.range.fromMs, toMs: parsed.range.toMs } };
    });
    expect(asked).toEqual(expected);
  });

  it("stops when nobody polls, and skips workflows removed from the config or replayed", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    const { asked, evaluate } = recorder();
    windows.note({ workflowId: workflow.id, lengthMs: 900_000 }, boundary + 2_000);
    windows.note({ workflowId: "gone-since", lengthMs: 900_000 }, boundary + 2_000);
    const replayed = { ...config, workflows: [{ ...workflow, replay: { bundle: "recording.json" } }] };
    expect(warmWatched(boundary + PERIOD + 50, { windows, config: replayed, evaluate })).toBe(0);
    expect(warmWatched(boundary + PERIOD + 50, { windows, config, evaluate })).toBe(1);
    // The last poll was two periods ago: no viewer is left, nothing is evaluated.
    expect(warmWatched(boundary + 2 * PERIOD + 50, { windows, config, evaluate })).toBe(0);
    expect(asked).toHaveLength(1);
  });

  it("says so in the log when an evaluation fails", async () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    windows.note({ workflowId: workflow.id, lengthMs: 900_000 }, boundary + 2_000);
    const lines: string[] = [];
    const log = { warn: (line: string) => void lines.push(line) };
    const evaluate = () => Promise.reject(new Error("no sources"));
    expect(warmWatched(boundary + PERIOD + 50, { windows, config, evaluate, log })).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([`[asyncscope] poll warm-up of ${workflow.id} failed: no sources`]);
  });
});

// The poll warm-up (lib/view/poll-warmup.ts) must start, at each refresh boundary, exactly the
// evaluation the period's polls will ask evaluateShared for: the same workflow and the same
// window, or the polls would start another and the warm-up would only add upstream queries. It
// must also stop when nobody polls on the grid. The evaluation is handed in as a recording
// function and time is vitest's fake clock: what is judged here is which windows are asked for,
// and when. evaluateShared's sharing has its own tests (shared-runs.test.ts), and the effect on
// 200 viewers is measured by `npm run bench:scale` (docs/scale.md).
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import type { WorkflowConfig } from "@/lib/config/schema";
import { msUntilWarmup, onGrid, PollWarmup, watchedWindowOf } from "./poll-warmup";
import { pollOffsetMs, REFRESH_SECONDS } from "./refresh-grid";
import { alignedNow, parseTimeRange } from "./time-range";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../asyncscope.example.yaml"), {});
const workflow = config.workflows[0]!;
const PERIOD = REFRESH_SECONDS * 1000;
const boundary = 1_700_000_010_000; // a multiple of 15 s

type Asked = { workflow: string; window: { fromMs: number; toMs: number } };

/** Moves the fake clock forward to `ms`, firing the timers due on the way. */
function at(ms: number): void {
  if (ms < Date.now()) throw new Error("the clock only moves forward here");
  vi.advanceTimersByTime(ms - Date.now());
}

/** What the data API sends evaluateShared for a poll of `range` at `atMs`, and what it notes. */
function poll(range: string, atMs: number) {
  const parsed = parseTimeRange(new URLSearchParams({ range }), alignedNow(atMs));
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const asked: Asked = { workflow: workflow.id, window: { fromMs: parsed.range.fromMs, toMs: parsed.range.toMs } };
  return { asked, watched: watchedWindowOf(workflow.id, parsed.range)! };
}

function warmupWith(cfg = config) {
  const asked: Asked[] = [];
  const warnings: string[] = [];
  const warmup = new PollWarmup({
    config: () => cfg,
    evaluate: async (w: WorkflowConfig, window) => void asked.push({ workflow: w.id, window }),
    log: { warn: (line: string) => void warnings.push(line) },
  });
  return { warmup, asked, warnings };
}

describe("poll warm-up", () => {
  beforeEach(() => vi.useFakeTimers({ now: boundary - PERIOD + 2_000 }));
  afterEach(() => vi.useRealTimers());

  it("fires just past each boundary, and counts only polls in a boundary's 5-s slot as on the grid", () => {
    expect((boundary - 4_000 + msUntilWarmup(boundary - 4_000)) % PERIOD).toBe(50);
    expect(msUntilWarmup(boundary + 50)).toBe(PERIOD);
    expect(onGrid(boundary + pollOffsetMs(0))).toBe(true);
    expect(onGrid(boundary + pollOffsetMs(0.9999))).toBe(true);
    expect(onGrid(boundary + 5_000)).toBe(false);
    expect(onGrid(boundary - 1)).toBe(false);
  });

  it("starts at the boundary the very windows the next polls ask for, once each, and again each period", () => {
    const { warmup, asked } = warmupWith();
    // Two viewers of the last 15 minutes and one of the last hour polled in the previous period.
    for (const [range, offset] of [
      ["15m", 2_000],
      ["1h", 2_500],
      ["15m", 3_400],
    ] as const) {
      at(boundary - PERIOD + offset);
      warmup.notePoll(poll(range, Date.now()).watched, Date.now());
    }
    expect(warmup.scheduled).toBe(true);
    at(boundary + 49);
    expect(asked).toEqual([]);
    at(boundary + 50);
    // What the polls of this period will send evaluateShared, 1–3.5 s later.
    const pollAt = boundary + pollOffsetMs(0.7);
    expect(asked).toEqual([poll("1h", pollAt).asked, poll("15m", pollAt).asked]);

    // They poll again: warmed again at the next boundary.
    at(pollAt);
    warmup.notePoll(poll("15m", pollAt).watched, pollAt);
    warmup.notePoll(poll("1h", pollAt).watched, pollAt);
    at(boundary + PERIOD + 50);
    expect(asked.slice(2)).toEqual([poll("15m", pollAt + PERIOD).asked, poll("1h", pollAt + PERIOD).asked]);
  });

  it("stops one boundary after the last poll, and starts again with the next", () => {
    const { warmup, asked } = warmupWith();
    warmup.notePoll(poll("15m", Date.now()).watched, Date.now());
    at(boundary + 50); // the boundary after the poll: warmed
    expect(asked).toHaveLength(1);
    at(boundary + PERIOD + 50); // 1.5 periods without a poll: nobody watches
    expect(asked).toHaveLength(1);
    expect(warmup.scheduled).toBe(false);
    at(boundary + 6 * PERIOD);
    expect(asked).toHaveLength(1);

    at(boundary + 6 * PERIOD + 1_500);
    warmup.notePoll(poll("15m", Date.now()).watched, Date.now());
    expect(warmup.scheduled).toBe(true);
    at(boundary + 7 * PERIOD + 50);
    expect(asked).toHaveLength(2);
  });

  it("counts a poll on the grid by its arrival, however late its answer", () => {
    const { warmup, asked } = warmupWith();
    at(boundary + 1_500);
    const arrivedAt = Date.now();
    // Its evaluation took 6 s: the answer leaves after the boundary's 5-s slot.
    at(boundary + 7_500);
    warmup.notePoll(poll("15m", arrivedAt).watched, arrivedAt);
    expect(warmup.scheduled).toBe(true);
    at(boundary + PERIOD + 50);
    expect(asked).toEqual([poll("15m", boundary + PERIOD + 2_000).asked]);
  });

  it("warms the boundary's slot, which the period's polls ask for, even when its timer runs late", () => {
    const { warmup, asked } = warmupWith();
    at(boundary + 2_000);
    warmup.notePoll(poll("15m", Date.now()).watched, Date.now());
    // A busy server: the clock moves 6 s on while the timer waits, so it fires at +6,050 ms.
    vi.setSystemTime(Date.now() + 6_000);
    vi.advanceTimersByTime(PERIOD - 2_000 + 50);
    expect(Date.now()).toBe(boundary + PERIOD + 6_050);
    // The polls were sent 1–3.5 s past the boundary (their `at`, lib/view/poll-moment.ts).
    expect(asked).toEqual([poll("15m", boundary + PERIOD + 2_000).asked]);
  });

  it("ignores polls off the grid and fixed windows", () => {
    const { warmup, asked } = warmupWith();
    at(boundary + 7_000); // a script polling at its own pace
    warmup.notePoll(poll("15m", Date.now()).watched, Date.now());
    expect(warmup.scheduled).toBe(false);
    const fixed = parseTimeRange(
      new URLSearchParams({ from: "2026-11-23T14:00:00Z", to: "2026-11-23T14:15:00Z" }),
      boundary,
    );
    expect(fixed.ok && watchedWindowOf(workflow.id, fixed.range)).toBe(undefined);
    vi.advanceTimersByTime(3 * PERIOD);
    expect(asked).toEqual([]);
  });

  it("skips workflows removed from the config or replayed, and says when an evaluation fails", async () => {
    const replayed = { ...config, workflows: [{ ...workflow, replay: { bundle: "recording.json" } }] };
    const quiet = warmupWith(replayed);
    quiet.warmup.notePoll(poll("15m", Date.now()).watched, Date.now());
    quiet.warmup.notePoll({ workflowId: "gone-since", lengthMs: 900_000 }, Date.now());
    vi.advanceTimersByTime(PERIOD);
    expect(quiet.asked).toEqual([]);
    expect(quiet.warmup.scheduled).toBe(false);

    const warnings: string[] = [];
    const failing = new PollWarmup({
      config: () => config,
      evaluate: () => Promise.reject(new Error("no sources")),
      log: { warn: (line: string) => void warnings.push(line) },
    });
    failing.notePoll(poll("15m", Date.now()).watched, Date.now());
    vi.advanceTimersByTime(PERIOD);
    await vi.waitFor(() =>
      expect(warnings).toEqual([`[asyncscope] poll warm-up of ${workflow.id} failed: no sources`]),
    );
    // A failed evaluation does not stop the warm-up: the next poll on the grid asks for it again.
    expect(failing.scheduled).toBe(false);
    at(boundary + 2 * PERIOD + 2_000);
    failing.notePoll(poll("15m", Date.now()).watched, Date.now());
    expect(failing.scheduled).toBe(true);
  });

  it("logs and stops, without throwing out of the timer, when the config cannot be read", () => {
    const warnings: string[] = [];
    const broken = new PollWarmup({
      config: () => {
        throw new Error("asyncscope.yaml: line 3: bad indentation");
      },
      log: { warn: (line: string) => void warnings.push(line) },
    });
    broken.notePoll(poll("15m", Date.now()).watched, Date.now());
    vi.advanceTimersByTime(PERIOD);
    expect(warnings).toEqual(["[asyncscope] poll warm-up failed: asyncscope.yaml: line 3: bad indentation"]);
    expect(broken.scheduled).toBe(false);
  });
});

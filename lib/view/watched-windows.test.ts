// The windows the poll warm-up keeps evaluating (lib/view/poll-warmup.ts): only those polled within
// the last period and a half, each once however many viewers poll it, and a bounded number.
import { describe, expect, it } from "vitest";
import { WatchedWindows } from "./watched-windows";

const PERIOD = 15_000;
const checkout15m = { workflowId: "checkout", lengthMs: 15 * 60_000 };

describe("WatchedWindows", () => {
  it("keeps a window watched while it is polled each period, once for all its viewers", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    for (let viewer = 0; viewer < 200; viewer++) windows.note(checkout15m, 1_000 + viewer * 10);
    expect(windows.watched(PERIOD)).toEqual([checkout15m]);
    windows.note(checkout15m, PERIOD + 2_000);
    expect(windows.watched(2 * PERIOD)).toEqual([checkout15m]);
  });

  it("tells windows of one workflow apart by length, and workflows apart", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    const checkout1h = { workflowId: "checkout", lengthMs: 3_600_000 };
    const billing15m = { workflowId: "billing", lengthMs: 15 * 60_000 };
    for (const w of [checkout15m, checkout1h, billing15m, checkout15m]) windows.note(w, 1_000);
    expect(windows.watched(PERIOD)).toEqual([checkout1h, billing15m, checkout15m]);
  });

  it("forgets a window one period and a half after its last poll", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    windows.note(checkout15m, 1_000);
    expect(windows.watched(1_000 + 1.5 * PERIOD)).toEqual([checkout15m]);
    expect(windows.watched(1_001 + 1.5 * PERIOD)).toEqual([]);
    // Forgotten, not hidden: asking again for an earlier moment does not bring it back.
    expect(windows.watched(1_000)).toEqual([]);
  });

  it("keeps the latest moment when a poll answered late is noted after later ones", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 64);
    windows.note(checkout15m, PERIOD + 2_000); // the next period's poll, noted first
    windows.note(checkout15m, 2_000); // a poll of the period before, answered late
    // Still watched 1.5 periods after the later poll, not after the earlier one.
    expect(windows.watched(2_001 + 1.5 * PERIOD)).toEqual([checkout15m]);
  });

  it("keeps at most `max` windows, dropping the least recently polled", () => {
    const windows = new WatchedWindows(1.5 * PERIOD, 2);
    const a = { workflowId: "a", lengthMs: 1 };
    const b = { workflowId: "b", lengthMs: 1 };
    const c = { workflowId: "c", lengthMs: 1 };
    windows.note(a, 1);
    windows.note(b, 2);
    windows.note(a, 3); // a polled again: b is now the least recent
    windows.note(c, 4);
    expect(windows.watched(5)).toEqual([a, c]);
  });
});

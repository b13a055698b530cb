import { describe, expect, it } from "vitest";
import { analyseWorkflow, transitionInstants } from "./analyse";
import { healthySignals, makeWorkflow, MIN, Q, setSeries, setState, T0 } from "./testing";
import type { WorkflowSignals } from "./types";

const workflow = makeWorkflow();

describe("transitionInstants", () => {
  it("splits the window in 12 even steps by default", () => {
    expect(transitionInstants(T0, T0 + 12 * MIN)).toEqual(Array.from({ length: 13 }, (_, i) => T0 + i * MIN));
  });

  it("on a grid: the start, every multiple of the step since the epoch inside the window, the end", () => {
    const from = T0 + 20_000; // 19:00:20
    const to = T0 + 3 * MIN + 7_000; // 19:03:07
    expect(transitionInstants(from, to, { gridMs: MIN })).toEqual([from, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN, to]);
    // A later end adds instants; it never moves the ones already there.
    expect(transitionInstants(from, to + 15_000, { gridMs: MIN })).toEqual([
      from,
      T0 + MIN,
      T0 + 2 * MIN,
      T0 + 3 * MIN,
      to + 15_000,
    ]);
    expect(transitionInstants(from, T0 + 3 * MIN, { gridMs: MIN })).toEqual([
      from,
      T0 + MIN,
      T0 + 2 * MIN,
      T0 + 3 * MIN,
    ]);
  });

  it("refuses a grid that would judge too many instants", () => {
    expect(() => transitionInstants(T0, T0 + 7 * 24 * 60 * MIN, { gridMs: 1000 })).toThrow(RangeError);
  });
});

// The notification consumer disappears at 19:06 and the window's end moves on by 15 s
// (a page reloaded):
//   19:00 ───── 1 consumer ───── 19:06 │ 0 ─────────────────── 19:15 (then 19:15:15)
function consumerGoneAt(cutMs: number, window: { fromMs: number; toMs: number }): WorkflowSignals {
  const signals = healthySignals({ window });
  setSeries(signals, "consumers", Q.notification, (ago) => (window.toMs - ago >= cutMs ? 0 : 1));
  setState(signals, Q.notification, { consumersN: 0 });
  return signals;
}

describe("transitions on a grid", () => {
  const cutMs = T0 + 6 * MIN;
  const at = (toMs: number, transitionGridMs?: number) =>
    analyseWorkflow(
      workflow,
      consumerGoneAt(cutMs, { fromMs: T0, toMs }),
      transitionGridMs ? { transitionGridMs } : {},
    ).transitions.find((t) => t.checkId === "consumers-alive");

  it("finds the same transition at the same grid instant when the window's end moves", () => {
    const first = at(T0 + 15 * MIN, MIN);
    const reloaded = at(T0 + 15 * MIN + 15_000, MIN);
    expect(first).toMatchObject({ from: "ok", to: "critical", atMs: cutMs });
    expect(reloaded?.atMs).toBe(first?.atMs);
  });

  it("(even steps stamp it at an instant that moves with the end)", () => {
    expect(at(T0 + 15 * MIN + 15_000)?.atMs).not.toBe(at(T0 + 15 * MIN)?.atMs);
  });
});

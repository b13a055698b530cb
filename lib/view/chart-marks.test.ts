import { describe, expect, it } from "vitest";
import type { WorkflowHealth } from "@/lib/analysis/types";
import { rateCaption, transitionMarks } from "./chart-marks";

describe("rateCaption", () => {
  it("states the range without alarm when it is at most two steps", () => {
    expect(rateCaption({ stepSeconds: 10, rateRangeSeconds: 12 })).toBe(
      "Rates are averages over the last 12s at each point (10 s steps).",
    );
  });

  it("says the lag where the range is longer, and that older evidence was recorded so", () => {
    expect(rateCaption({ stepSeconds: 10, rateRangeSeconds: 60 })).toMatch(
      /^Rates lag: each point averages the last 1m 00s, so a change in rate shows fully only 1m 00s later/,
    );
    expect(rateCaption({ stepSeconds: 10 })).toMatch(/last 2m 00s \(as this evidence was recorded;/);
  });
});

describe("transitionMarks", () => {
  const health = {
    checks: [{ id: "consumers-alive", title: "Consumers alive" }],
    transitions: [
      { checkId: "consumers-alive", atMs: 1_000, from: "ok", to: "critical", summary: "" },
      { checkId: "verdict", atMs: 1_000, from: "ok", to: "critical", summary: "" },
      { checkId: "trace-completeness", atMs: 1_000, from: "unknown", to: "warning", firstJudged: true, summary: "" },
      { checkId: "consumers-alive", atMs: 99_000, from: "critical", to: "ok", summary: "" },
    ],
  } as unknown as WorkflowHealth;

  it("joins the checks' changes at one instant, leaves out the verdict's and those outside the window", () => {
    expect(transitionMarks(health, { fromMs: 0, toMs: 10_000 })).toEqual([
      {
        atMs: 1_000,
        text: "Consumers alive: ok → critical; trace-completeness: judged warning",
        status: "critical",
      },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { FRESH_FOR_MS, timelineNeedsRefresh } from "./background-derive";

// When a view of an incident asks for a fresh derivation after its response.
const RESOLVED = new Date("2026-12-01T10:00:00Z");
const NOW = RESOLVED.getTime() + 60 * 60_000;
const state = (attemptedAt: number, derivedAt: number | undefined, problems: string[] = [], failure?: string) => ({
  attemptedAt: new Date(attemptedAt),
  derivedAt: derivedAt === undefined ? undefined : new Date(derivedAt),
  problems,
  failure,
});

describe("timelineNeedsRefresh", () => {
  it("asks when never derived, or last attempted longer ago than FRESH_FOR_MS", () => {
    expect(timelineNeedsRefresh({ resolvedAt: null }, undefined, NOW)).toBe(true);
    expect(timelineNeedsRefresh({ resolvedAt: null }, state(NOW - FRESH_FOR_MS, NOW - FRESH_FOR_MS), NOW)).toBe(true);
    expect(timelineNeedsRefresh({ resolvedAt: null }, state(NOW - 1_000, NOW - 1_000), NOW)).toBe(false);
  });

  it("never asks again for a resolved incident derived completely after its resolution", () => {
    expect(timelineNeedsRefresh({ resolvedAt: RESOLVED }, state(RESOLVED.getTime(), RESOLVED.getTime()), NOW)).toBe(
      false,
    );
    // Derived before the resolution, with problems, or failed last time: not final.
    expect(
      timelineNeedsRefresh({ resolvedAt: RESOLVED }, state(NOW - FRESH_FOR_MS, RESOLVED.getTime() - 60_000), NOW),
    ).toBe(true);
    const partial = state(NOW - FRESH_FOR_MS, RESOLVED.getTime(), ["checkout: prometheus down"]);
    expect(timelineNeedsRefresh({ resolvedAt: RESOLVED }, partial, NOW)).toBe(true);
    const failed = state(NOW - FRESH_FOR_MS, RESOLVED.getTime(), [], "connection refused");
    expect(timelineNeedsRefresh({ resolvedAt: RESOLVED }, failed, NOW)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { pollMoment } from "./poll-moment";

const BOUNDARY = Date.UTC(2026, 11, 3, 18, 0, 0); // a multiple of 15 s

describe("pollMoment", () => {
  it("answers for the server's aligned now without `at`", () => {
    expect(pollMoment(null, BOUNDARY + 7_300)).toEqual({
      ok: true,
      nowMs: BOUNDARY + 5_000,
      late: false,
      serverAlignedMs: BOUNDARY + 5_000,
    });
  });

  it("answers a poll that waited past its slot for the slot it was sent in", () => {
    // Sent 2 s past the boundary, handled 6.5 s past it: the boundary's window, not the next slot's.
    expect(pollMoment(String(BOUNDARY + 2_000), BOUNDARY + 6_500)).toEqual({
      ok: true,
      nowMs: BOUNDARY,
      late: true,
      serverAlignedMs: BOUNDARY + 5_000,
    });
    expect(pollMoment(String(BOUNDARY + 2_000), BOUNDARY + 2_400)).toMatchObject({ nowMs: BOUNDARY, late: false });
  });

  it("accepts a slot at most one refresh period behind the server's clock, never older", () => {
    // The page's reuse bound is 15 s from the window's end: a late poll's slot stays answerable.
    expect(pollMoment(String(BOUNDARY + 3_000), BOUNDARY + 15_000)).toMatchObject({ nowMs: BOUNDARY, late: true });
    expect(pollMoment(String(BOUNDARY + 3_000), BOUNDARY + 15_001)).toMatchObject({
      nowMs: BOUNDARY + 15_000,
      late: false,
    });
    expect(pollMoment(String(BOUNDARY), BOUNDARY + 19_999)).toMatchObject({ nowMs: BOUNDARY + 15_000, late: false });
  });

  it("never answers for a moment ahead of the server's clock", () => {
    expect(pollMoment(String(BOUNDARY + 5_000), BOUNDARY + 4_999)).toMatchObject({ nowMs: BOUNDARY, late: false });
  });

  it("refuses an `at` that is not epoch milliseconds", () => {
    for (const bad of ["", "soon", "-5", "1.5", "1e12", "2026-12-03T18:00:00Z", "9".repeat(16)])
      expect(pollMoment(bad, BOUNDARY)).toMatchObject({ ok: false, problem: { parameter: "at" } });
  });
});

import { describe, expect, it } from "vitest";
import { parseWindow, WindowError } from "./window";

const NOW = Date.parse("2026-11-23T19:31:12.345Z");

describe("parseWindow", () => {
  it("defaults to the last 15 minutes, aligned to 5 s so viewers share one evaluation", () => {
    expect(parseWindow({}, NOW)).toEqual({
      fromMs: Date.parse("2026-11-23T19:16:10Z"),
      toMs: Date.parse("2026-11-23T19:31:10Z"),
    });
  });

  it("accepts RFC 3339 with an offset", () => {
    expect(parseWindow({ from: "2026-11-23T20:00:00+01:00", to: "2026-11-23T19:30:00Z" }, NOW)).toEqual({
      fromMs: Date.parse("2026-11-23T19:00:00Z"),
      toMs: Date.parse("2026-11-23T19:30:00Z"),
    });
  });

  it("names the parameter that is wrong", () => {
    const bad = (params: { from?: string; to?: string }) => {
      try {
        parseWindow(params, NOW);
      } catch (error) {
        return error instanceof WindowError ? error.parameter : "other";
      }
      return "none";
    };
    expect(bad({ to: "now" })).toBe("to");
    expect(bad({ from: "2026-11-23" })).toBe("from");
    expect(bad({ from: "2026-11-23T19:30:00Z", to: "2026-11-23T19:00:00Z" })).toBe("from");
    expect(bad({ to: "2026-11-23T19:00:00Z", from: "2026-11-01T00:00:00Z" })).toBe("from");
  });
});

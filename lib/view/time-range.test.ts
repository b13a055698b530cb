import { describe, expect, it } from "vitest";
import { absoluteParams, parseTimeRange, parseWindow, rangeParams, WindowError } from "./time-range";
import { formatTimestamp, parseTimeZone } from "./time-zone";

const NOW = Date.parse("2026-11-23T14:45:30.250Z");

describe("parseTimeRange", () => {
  it("defaults to the last 15 minutes", () => {
    const parsed = parseTimeRange({}, NOW);
    expect(parsed).toEqual({ ok: true, range: { kind: "relative", range: "15m", fromMs: NOW - 900_000, toMs: NOW } });
  });

  it("reads an absolute window with explicit zones", () => {
    // The "+" is unencoded on purpose: pasted links arrive like that, and it decodes to a space.
    const parsed = parseTimeRange(new URLSearchParams("from=2026-11-23T14:00:00Z&to=2026-11-23T16:00:00+01:00"), NOW);
    expect(parsed).toEqual({
      ok: true,
      range: { kind: "absolute", fromMs: Date.parse("2026-11-23T14:00:00Z"), toMs: Date.parse("2026-11-23T15:00:00Z") },
    });
  });

  it("names the parameter at fault", () => {
    expect(parseTimeRange({ from: "yesterday", to: "2026-11-23T15:00:00Z" }, NOW)).toMatchObject({
      ok: false,
      problem: { parameter: "from" },
    });
    expect(parseTimeRange({ from: "2026-11-23T14:00:00", to: "2026-11-23T15:00:00Z" }, NOW)).toMatchObject({
      ok: false,
      problem: { parameter: "from" },
    });
    expect(parseTimeRange({ from: "2026-11-23T15:00:00Z", to: "2026-11-23T14:00:00Z" }, NOW)).toMatchObject({
      ok: false,
      problem: { parameter: "to", message: "to: must be after from" },
    });
    expect(parseTimeRange({ from: "2026-11-23T15:00:00Z" }, NOW)).toMatchObject({
      ok: false,
      problem: { parameter: "from", message: "from: must be before now" },
    });
    expect(parseTimeRange({ from: "2026-11-01T00:00:00Z", to: "2026-11-23T00:00:00Z" }, NOW)).toMatchObject({
      ok: false,
      problem: { parameter: "from", message: "from: the window may span at most 7 days" },
    });
    expect(parseTimeRange({ range: "fortnight" }, NOW)).toMatchObject({ ok: false, problem: { parameter: "range" } });
    expect(parseTimeRange({ range: "90d" }, NOW)).toMatchObject({ ok: false, problem: { parameter: "range" } });
  });

  it("turns a relative view into a link that shows the same window later", () => {
    const parsed = parseTimeRange({ range: "1h" }, NOW);
    if (!parsed.ok) throw new Error("expected ok");
    const params = absoluteParams(parsed.range);
    expect(params).toEqual({ from: "2026-11-23T13:45:30Z", to: "2026-11-23T14:45:30Z" });
    const later = parseTimeRange(params, NOW + 86_400_000);
    expect(later).toMatchObject({
      ok: true,
      range: { kind: "absolute", fromMs: Date.parse(params.from), toMs: Date.parse(params.to) },
    });
    expect(rangeParams(parsed.range)).toEqual({ range: "1h" });
  });
});

describe("parseWindow (the API's and scripts' reading of the same rules)", () => {
  const AT = Date.parse("2026-11-23T19:31:12.345Z");

  it("defaults to the 15 minutes ending now, aligned to 5 s so viewers share one evaluation", () => {
    expect(parseWindow({}, AT)).toEqual({
      fromMs: Date.parse("2026-11-23T19:16:10Z"),
      toMs: Date.parse("2026-11-23T19:31:10Z"),
    });
    expect(parseWindow({ from: "", to: "" }, AT)).toEqual(parseWindow({}, AT));
  });

  it("takes one end alone: from until now, or the 15 minutes before to", () => {
    expect(parseWindow({ from: "2026-11-23T19:00:00Z" }, AT)).toEqual({
      fromMs: Date.parse("2026-11-23T19:00:00Z"),
      toMs: Date.parse("2026-11-23T19:31:10Z"),
    });
    expect(parseWindow({ to: "2026-11-23T19:00:00Z" }, AT)).toEqual({
      fromMs: Date.parse("2026-11-23T18:45:00Z"),
      toMs: Date.parse("2026-11-23T19:00:00Z"),
    });
  });

  it("accepts RFC 3339 with an offset", () => {
    expect(parseWindow({ from: "2026-11-23T20:00:00+01:00", to: "2026-11-23T19:30:00Z" }, AT)).toEqual({
      fromMs: Date.parse("2026-11-23T19:00:00Z"),
      toMs: Date.parse("2026-11-23T19:30:00Z"),
    });
  });

  it("throws a WindowError naming the parameter, with the page's one maximum", () => {
    const parameter = (params: Record<string, string>) => {
      try {
        parseWindow(params, AT);
      } catch (error) {
        return error instanceof WindowError ? error.parameter : "other";
      }
      return "none";
    };
    expect(parameter({ to: "now" })).toBe("to");
    expect(parameter({ from: "2026-11-23" })).toBe("from");
    expect(parameter({ from: "2026-11-23T19:30:00Z", to: "2026-11-23T19:00:00Z" })).toBe("to");
    expect(parameter({ to: "2026-11-23T19:00:00Z", from: "2026-11-01T00:00:00Z" })).toBe("from");
    expect(parameter({ range: "8d" })).toBe("range");
  });
});

describe("time zones", () => {
  it("formats UTC with its name and defaults to it", () => {
    expect(parseTimeZone(undefined)).toBe("utc");
    expect(parseTimeZone("local")).toBe("local");
    expect(formatTimestamp(NOW, "utc")).toBe("2026-11-23 14:45:30 UTC");
  });
});

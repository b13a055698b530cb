import { describe, expect, it } from "vitest";
import { formatTimesInText, splitTimes } from "./timed-text";
import { formatClock, formatTimestamp } from "./time-zone";

const AT = Date.parse("2026-11-29T18:35:20.000Z");

describe("formatTimestamp", () => {
  it("writes UTC with its name", () => {
    expect(formatTimestamp(AT, "utc")).toBe("2026-11-29 18:35:20 UTC");
  });

  it("writes the local zone with its name (Berlin standing in for the browser)", () => {
    expect(formatTimestamp(AT, "local", "en-GB", "Europe/Berlin")).toBe("2026-11-29 19:35:20 CET");
  });

  it("writes midnight as 00, not 24", () => {
    expect(formatTimestamp(Date.parse("2026-11-30T00:00:05Z"), "utc")).toBe("2026-11-30 00:00:05 UTC");
  });

  it("moves the date with the zone", () => {
    expect(formatTimestamp(Date.parse("2026-11-29T23:30:00Z"), "local", "en-GB", "Europe/Berlin")).toBe(
      "2026-11-30 00:30:00 CET",
    );
  });
});

describe("formatClock", () => {
  it("gives minutes, seconds or milliseconds in the chosen zone", () => {
    const ms = AT + 250;
    expect(formatClock(ms, "utc", "minutes")).toBe("18:35");
    expect(formatClock(ms, "utc")).toBe("18:35:20");
    expect(formatClock(ms, "utc", "millis")).toBe("18:35:20.250");
    expect(formatClock(ms, "local", "millis", "Asia/Kolkata")).toBe("00:05:20.250");
  });

  it("keeps milliseconds positive before 1970", () => {
    expect(formatClock(-750, "utc", "millis")).toBe("23:59:59.250");
  });
});

describe("splitTimes", () => {
  it("cuts a check summary around its instants", () => {
    expect(splitTimes("no consumer since 2026-11-29T18:35:20.000Z (4m 05s)")).toEqual([
      { kind: "text", text: "no consumer since " },
      { kind: "time", ms: AT, source: "2026-11-29T18:35:20.000Z" },
      { kind: "text", text: " (4m 05s)" },
    ]);
  });

  it("finds several instants, offsets and ones at either end", () => {
    const parts = splitTimes("2026-11-29T18:35:20Z – 2026-11-29T19:35:20+01:00");
    expect(parts).toEqual([
      { kind: "time", ms: AT, source: "2026-11-29T18:35:20Z" },
      { kind: "text", text: " – " },
      { kind: "time", ms: AT, source: "2026-11-29T19:35:20+01:00" },
    ]);
  });

  it("leaves text without a full instant alone: a date, a time, no zone, an impossible date", () => {
    for (const text of [
      "on 2026-11-29 at 18:35",
      "2026-11-29T18:35:20 (no zone)",
      "2026-13-45T18:35:20Z",
      "id 2026-11-29T18:35:20Zabc",
      "",
    ]) {
      expect(splitTimes(text).every((p) => p.kind === "text")).toBe(true);
      expect(
        splitTimes(text)
          .map((p) => (p.kind === "text" ? p.text : ""))
          .join(""),
      ).toBe(text);
    }
  });
});

describe("formatTimesInText", () => {
  const summary = "orders logged 3 error lines from 2026-11-29T18:35:20.000Z; no line since 2026-11-29T18:40:00.000Z.";

  it("writes the instants in UTC as the rest of the page does", () => {
    expect(formatTimesInText(summary, "utc")).toBe(
      "orders logged 3 error lines from 2026-11-29 18:35:20 UTC; no line since 2026-11-29 18:40:00 UTC.",
    );
  });

  it("writes them in the local zone when Local is chosen: no ISO left", () => {
    const local = formatTimesInText(summary, "local", "Europe/Berlin");
    expect(local).toBe(
      "orders logged 3 error lines from 2026-11-29 19:35:20 CET; no line since 2026-11-29 19:40:00 CET.",
    );
    expect(local).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});

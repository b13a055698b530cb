import { describe, expect, it } from "vitest";
import { foldLevel } from "./level";
import { readField } from "./fields";
import { newestLines, parseTimeMs } from "./assemble";

describe("foldLevel", () => {
  it.each([
    ["error", { level: "error" }],
    ["ERROR", { level: "error", rawLevel: "ERROR" }],
    ["fatal", { level: "error", rawLevel: "fatal" }],
    ["crit", { level: "error", rawLevel: "crit" }],
    ["WARNING", { level: "warn", rawLevel: "WARNING" }],
    ["warn", { level: "warn" }],
    ["notice", { level: "info", rawLevel: "notice" }],
    ["trace", { level: "debug", rawLevel: "trace" }],
    ["17", { level: "error", rawLevel: "17" }],
    ["13", { level: "warn", rawLevel: "13" }],
    ["9", { level: "info", rawLevel: "9" }],
    ["unknown", { level: "other", rawLevel: "unknown" }],
    ["", { level: "other" }],
    [undefined, { level: "other" }],
  ])("%s → %o", (raw, want) => {
    expect(foldLevel(raw)).toEqual(want);
  });
});

describe("readField", () => {
  it("reads dotted keys, nested objects and mixes of both", () => {
    expect(readField({ "service.name": "a" }, "service.name")).toBe("a");
    expect(readField({ service: { name: "b" } }, "service.name")).toBe("b");
    expect(readField({ resource: { attributes: { "service@name": "c" } } }, "resource.attributes.service@name")).toBe(
      "c",
    );
    expect(readField({ log: { "level.raw": 3 } }, "log.level.raw")).toBe("3");
    expect(readField({ service: "flat" }, "service.name")).toBeUndefined();
  });
});

describe("newestLines", () => {
  const line = (timeMs: number) => ({ timeMs, service: "s", level: "info" as const, message: String(timeMs) });
  it("sorts oldest first and keeps the newest `limit`", () => {
    const got = newestLines(["t"], [line(3), line(1), line(2)], 2);
    expect(got.lines.map((l) => l.timeMs)).toEqual([2, 3]);
    expect(got.truncated).toBe(true);
    expect(newestLines(["t"], [line(1)], 2).truncated).toBe(false);
  });
});

describe("parseTimeMs", () => {
  it("reads RFC3339 with nanoseconds, zone-less Elasticsearch dates as UTC, and epoch ms", () => {
    expect(parseTimeMs("2025-06-05T14:30:19.088007Z")).toBe(Date.UTC(2025, 5, 5, 14, 30, 19, 88));
    expect(parseTimeMs("2099-11-15T14:12:12")).toBe(Date.UTC(2099, 10, 15, 14, 12, 12));
    expect(parseTimeMs(1_700_000_000_123)).toBe(1_700_000_000_123);
  });
});

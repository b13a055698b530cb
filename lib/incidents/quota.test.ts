import { describe, expect, it } from "vitest";
import { quotaVerdict } from "./quota";

const now = Date.parse("2026-11-23T15:00:00Z");
const minutesAgo = (minutes: number) => now - minutes * 60_000;

describe("quotaVerdict", () => {
  it("allows while the last hour holds fewer creations than the quota", () => {
    expect(quotaVerdict([minutesAgo(50), minutesAgo(10)], 3, now)).toEqual({ allowed: true, used: 2 });
  });

  //   quota 3:  ──|──a(-50m)──b(-40m)────c(-10m)──|now   → a leaves the hour in 10 min
  it("refuses at the quota, with the seconds until the oldest creation leaves the hour", () => {
    expect(quotaVerdict([minutesAgo(10), minutesAgo(50), minutesAgo(40)], 3, now)).toEqual({
      allowed: false,
      used: 3,
      retryAfterSeconds: 600,
    });
  });

  it("over the quota (requests that raced), waits until enough have left to make room for one", () => {
    // 4 creations, quota 2: one more fits once only 1 is left, so a, b and c must leave the
    // hour; c (-30m) leaves at now+30m.
    expect(quotaVerdict([minutesAgo(50), minutesAgo(40), minutesAgo(30), minutesAgo(5)], 2, now)).toMatchObject({
      allowed: false,
      retryAfterSeconds: 1800,
    });
  });

  it("ignores creations older than an hour and never answers less than a second", () => {
    expect(quotaVerdict([minutesAgo(61)], 1, now)).toEqual({ allowed: true, used: 0 });
    expect(quotaVerdict([now - 3_600_000 + 200], 1, now)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });
});

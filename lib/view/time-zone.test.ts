// Times carry their zone, and the formatters kept per locale and zone (lib/view/time-zone.ts)
// never answer one zone with another's: the same instant in turn in UTC, New York, Tokyo and
// back, and more zones than are kept.
import { describe, expect, it } from "vitest";
import { formatClock, formatTimestamp } from "./time-zone";

const instant = Date.UTC(2026, 11, 3, 14, 3, 7, 250); // 2026-12-03 14:03:07.250 UTC

describe("formatTimestamp and formatClock", () => {
  it("formats one instant in each zone asked, alternating", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatTimestamp(instant, "utc")).toBe("2026-12-03 14:03:07 UTC");
      expect(formatTimestamp(instant, "local", "en-GB", "America/New_York")).toBe("2026-12-03 09:03:07 GMT-5");
      expect(formatTimestamp(instant, "local", "en-GB", "Asia/Tokyo")).toBe("2026-12-03 23:03:07 GMT+9");
      // "utc" wins over a browser zone passed along.
      expect(formatTimestamp(instant, "utc", "en-GB", "Asia/Tokyo")).toBe("2026-12-03 14:03:07 UTC");
    }
    expect(formatClock(instant, "utc", "minutes")).toBe("14:03");
    expect(formatClock(instant, "local", "millis", "Asia/Tokyo")).toBe("23:03:07.250");
  });

  it("stays right past the formatters it keeps", () => {
    for (let hours = -11; hours <= 12; hours++) {
      // Etc/GMT+5 is five hours behind UTC (the sign is POSIX's).
      const zone = hours === 0 ? "Etc/GMT" : `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
      const expected = String((14 + hours + 24) % 24).padStart(2, "0");
      expect(formatClock(instant, "local", "seconds", zone), zone).toBe(`${expected}:03:07`);
    }
    expect(formatTimestamp(instant, "utc")).toBe("2026-12-03 14:03:07 UTC");
  });
});

// Times on screen carry their zone explicitly. "utc" is the default because incident
// channels span time zones; "local" is the viewer's browser zone. Every time the UI shows goes
// through this file, so a page never mixes "2026-11-29T18:35:20.000Z" with "18:35:20 UTC".
export type TimeZoneChoice = "utc" | "local";

export function parseTimeZone(value: string | null | undefined): TimeZoneChoice {
  return value === "local" ? "local" : "utc";
}

interface TimestampParts {
  date: string;
  clock: string;
  zoneName: string;
}

// Formatters by locale and zone. Making one costs far more than formatting with it, and a
// workflow page formats hundreds of times (ticks, rows, waterfalls): a new formatter per call was
// 8% of the server's CPU rendering the demo's crash-loop page. A handful of keys in practice
// (one locale, "UTC" or the browser's zone); the bound only guards against a caller passing many.
const FORMATTERS_KEPT = 16;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: TimeZoneChoice, locale: string, timeZone?: string): Intl.DateTimeFormat {
  const resolvedZone = zone === "utc" ? "UTC" : timeZone;
  const key = `${locale}|${resolvedZone ?? "(runtime's zone)"}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZone: resolvedZone,
      timeZoneName: "short",
    });
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

function timestampParts(ms: number, zone: TimeZoneChoice, locale: string, timeZone?: string): TimestampParts {
  const formatter = formatterFor(zone, locale, timeZone);
  const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    clock: `${parts.hour}:${parts.minute}:${parts.second}`,
    zoneName: parts.timeZoneName ?? "",
  };
}

/**
 * "2026-11-23 14:03:07 UTC" or the same in the browser's zone with its name. `timeZone` (an
 * IANA name) stands in for the browser's zone in tests.
 */
export function formatTimestamp(ms: number, zone: TimeZoneChoice, locale = "en-GB", timeZone?: string): string {
  const { date, clock, zoneName } = timestampParts(ms, zone, locale, timeZone);
  return `${date} ${clock} ${zoneName}`;
}

/**
 * The time of day only, for rows and chart ticks whose date and zone the panel states once:
 * "14:03" (minutes), "14:03:07" (seconds) or "14:03:07.250" (milliseconds, log lines).
 */
export function formatClock(
  ms: number,
  zone: TimeZoneChoice,
  precision: "minutes" | "seconds" | "millis" = "seconds",
  timeZone?: string,
): string {
  const { clock } = timestampParts(ms, zone, "en-GB", timeZone);
  if (precision === "minutes") return clock.slice(0, 5);
  if (precision === "seconds") return clock;
  return `${clock}.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}`;
}

/** The cookie holding the viewer's choice (a personal display preference, never in shared links). */
export const TIME_ZONE_COOKIE = "asyncscope_tz";

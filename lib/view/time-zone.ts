// Times on screen carry their zone explicitly. "utc" is the default because incident
// channels span time zones; "local" is the viewer's browser zone.
export type TimeZoneChoice = "utc" | "local";

export function parseTimeZone(value: string | null | undefined): TimeZoneChoice {
  return value === "local" ? "local" : "utc";
}

/** "2026-11-23 14:03:07 UTC" or the same in the browser's zone with its name. */
export function formatTimestamp(ms: number, zone: TimeZoneChoice, locale = "en-GB"): string {
  const formatter = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone: zone === "utc" ? "UTC" : undefined,
    timeZoneName: "short",
  });
  const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/** The cookie holding the viewer's choice (a personal display preference, never in shared links). */
export const TIME_ZONE_COOKIE = "asyncscope_tz";

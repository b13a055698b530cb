// What the window toolbar needs in the browser: the presets it offers and how a link writes an
// instant. Kept apart from time-range.ts (the parser) so the page's client code does not carry
// the parser: the server parses the URL once and hands the toolbar the window it resolved.

/** The relative windows the toolbar offers (`?range=`). */
export const RELATIVE_PRESETS = ["5m", "15m", "1h", "3h", "6h", "12h", "24h", "7d"] as const;

/** Seconds-precision RFC 3339 in UTC: what links carry. */
export function formatInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

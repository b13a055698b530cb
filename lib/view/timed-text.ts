// Check summaries, reasons and notes are written on the server, which does not know the
// viewer's zone choice, so they carry their times as RFC 3339 instants
// ("no consumer since 2026-11-29T18:35:20.000Z"). The instant is the mark: the client splits
// the text here and shows each one through formatTimestamp in the chosen zone, while exports,
// alerts and the JSON API keep the unambiguous form.

import { formatTimestamp, type TimeZoneChoice } from "./time-zone";

export type TextPart = { kind: "text"; text: string } | { kind: "time"; ms: number; source: string };

/** A full RFC 3339 instant: date, "T", seconds, optional fraction, and an explicit zone. */
const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})(?![\w:])/g;

/** The text cut around its instants; something that looks like one but is no date stays text. */
export function splitTimes(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(INSTANT)) {
    const ms = Date.parse(match[0]);
    if (Number.isNaN(ms)) continue;
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push({ kind: "time", ms, source: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/** The text with every instant in the chosen zone, for places that need a plain string (a title). */
export function formatTimesInText(text: string, zone: TimeZoneChoice, timeZone?: string): string {
  return splitTimes(text)
    .map((part) => (part.kind === "text" ? part.text : formatTimestamp(part.ms, zone, "en-GB", timeZone)))
    .join("");
}

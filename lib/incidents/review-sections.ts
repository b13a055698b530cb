// The parts of a post-incident review people write rather than derive: root cause and action
// items come from notes that start with a marker ("Root cause: …", "Action: …"), and the impact
// figures (time to detect, time to resolve) from the timeline. Pure; export.ts renders them.

interface NoteLike {
  at: Date;
  kind: string;
  author: string | null;
  body: string;
}

export interface WrittenItem {
  at: Date;
  author: string | null;
  text: string;
}

/** Markers a note starts with, case-insensitively, followed by a colon. */
const ROOT_CAUSE = /^\s*(?:root\s+cause|cause)\s*:\s*/i;
const ACTION = /^\s*(?:action(?:\s+item)?|todo|follow[-\s]?up)\s*:\s*/i;

function marked(events: readonly NoteLike[], marker: RegExp): WrittenItem[] {
  return events
    .filter((event) => event.kind === "note" && marker.test(event.body))
    .map((event) => ({ at: event.at, author: event.author, text: event.body.replace(marker, "") }));
}

export const rootCauseNotes = (events: readonly NoteLike[]) => marked(events, ROOT_CAUSE);
export const actionItemNotes = (events: readonly NoteLike[]) => marked(events, ACTION);

/**
 * Minutes from the incident's start to its first detection on the timeline (a derived
 * `detected` event or an alert), or null when nothing detected it. A detection before the
 * start (an alert that opened the incident later) counts as 0.
 */
export function minutesToDetect(startedAt: Date, events: readonly NoteLike[]): number | null {
  const first = events.find((event) => event.kind === "detected" || event.kind === "alert");
  if (!first) return null;
  return Math.max(0, Math.round((first.at.getTime() - startedAt.getTime()) / 60_000));
}

/**
 * User text as one line of Markdown that cannot forge structure: line breaks of every kind
 * become spaces, and the characters Markdown reads as markup are escaped.
 */
export function inlineText(text: string): string {
  return (
    text
      .replace(/\r\n|[\r\n\u2028\u2029]/g, " ")
      .replace(/([\\`*_[\]<>#|!~])/g, "\\$1")
      // A leading list marker ("- foo", "+ foo", "1. foo") would nest a list under a bullet.
      .replace(/^(\s*)([-+])(\s)/, "$1\\$2$3")
      .replace(/^(\s*\d+)\.(\s)/, "$1\\.$2")
  );
}

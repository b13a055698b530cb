import { splitTimes } from "@/lib/view/timed-text";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { Time } from "./time";

/**
 * Server-written text (a check's summary, a note) with each RFC 3339 instant in it shown as a
 * <Time> in the viewer's zone, so sentences follow the UTC/Local choice like the rest of the page.
 */
export function TimedText({ text, zone }: { text: string; zone: TimeZoneChoice }) {
  return (
    <>
      {splitTimes(text).map((part, i) =>
        part.kind === "text" ? part.text : <Time key={`${i}:${part.source}`} ms={part.ms} zone={zone} />,
      )}
    </>
  );
}

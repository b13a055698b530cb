"use client";

import { formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";
import { useInBrowser } from "./use-in-browser";

/** A timestamp with its zone written out, in the viewer's choice. */
export function Time({
  ms,
  zone,
  className,
  testId,
}: {
  ms: number;
  zone: TimeZoneChoice;
  className?: string;
  testId?: string;
}) {
  const inBrowser = useInBrowser();
  return (
    <time dateTime={new Date(ms).toISOString()} className={className} data-testid={testId}>
      {formatTimestamp(ms, zone === "local" && !inBrowser ? "utc" : zone)}
    </time>
  );
}

"use client";

import { useSyncExternalStore } from "react";
import { formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";

const never = () => () => {};

/**
 * True once the page runs in the browser. The server does not know the viewer's zone, so a
 * "local" time is first drawn in UTC (what the server sent, with its zone named, so hydration
 * matches) and redrawn in the browser's zone right after.
 */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

/** A timestamp with its zone written out, in the viewer's choice. */
export function Time({ ms, zone, className }: { ms: number; zone: TimeZoneChoice; className?: string }) {
  const inBrowser = useInBrowser();
  return (
    <time dateTime={new Date(ms).toISOString()} className={className}>
      {formatTimestamp(ms, zone === "local" && !inBrowser ? "utc" : zone)}
    </time>
  );
}

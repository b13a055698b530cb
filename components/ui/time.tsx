import { formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";

/**
 * A timestamp with its zone written out. "local" is the browser's zone, which the server does
 * not know: the client's rendering wins without a hydration warning.
 */
export function Time({ ms, zone, className }: { ms: number; zone: TimeZoneChoice; className?: string }) {
  return (
    <time dateTime={new Date(ms).toISOString()} className={className} suppressHydrationWarning>
      {formatTimestamp(ms, zone)}
    </time>
  );
}

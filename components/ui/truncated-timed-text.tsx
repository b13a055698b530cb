"use client";

import { formatTimesInText } from "@/lib/view/timed-text";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { useInBrowser } from "./use-in-browser";
import { TimedText } from "./timed-text";

/** One line of server-written text cut to fit, whole in its tooltip; times in the viewer's zone in both. */
export function TruncatedTimedText({
  text,
  zone,
  className,
}: {
  text: string;
  zone: TimeZoneChoice;
  className?: string;
}) {
  // Like <Time>: UTC from the server, the browser's zone once live.
  const inBrowser = useInBrowser();
  const shown = zone === "local" && !inBrowser ? "utc" : zone;
  return (
    <span className={`truncate ${className ?? ""}`} title={formatTimesInText(text, shown)}>
      <TimedText text={text} zone={zone} />
    </span>
  );
}

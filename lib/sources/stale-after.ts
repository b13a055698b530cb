// How old each source's values may be and still count as now: read by evaluations (registry.ts)
// and by the alert rules' staleness rule (lib/alerts), which must not load the live clients.
import { DEFAULT_SCRAPE_INTERVAL_SECONDS, defaultStaleAfterSeconds } from "@/lib/config/fields";
import type { SourcesConfig } from "@/lib/config/schema";
import { BROKERS, type BrokerName } from "./brokers";

/** How old a value from each source may be and still count as now (ms): configured, or the defaults. */
export function staleAfterMs(config: SourcesConfig, broker: BrokerName): Record<string, number> {
  const prometheus = config.prometheus;
  return {
    prometheus:
      (prometheus?.staleAfter ??
        defaultStaleAfterSeconds(prometheus?.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL_SECONDS)) * 1000,
    [broker]: BROKERS[broker].staleAfterMs(config[broker] as never),
  };
}

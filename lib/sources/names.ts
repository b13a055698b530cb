// How a source is named in sentences: Prometheus and Jaeger, or a broker's own name.
import type { SourceName } from "@/lib/domain/source";
import { BROKERS, isBrokerName } from "./brokers";
import { sourceLabel } from "./errors";

export function sourceDisplayName(source: SourceName): string {
  return isBrokerName(source) ? BROKERS[source].vocabulary.broker : sourceLabel(source).name;
}

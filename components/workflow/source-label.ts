import type { SourceName } from "@/lib/domain/source";

const LABELS: Record<SourceName, string> = { prometheus: "Prometheus", jaeger: "Jaeger", rabbitmq: "RabbitMQ" };

/** The name a person knows a source by, for "No data from Prometheus". */
export function sourceLabel(name: SourceName): string {
  return LABELS[name];
}

// The health of a data source, as shown on /sources and recorded with evidence.

/**
 * "prometheus", "jaeger", "logs" (the log store), or a broker adapter's name ("rabbitmq").
 * Open-ended so that adding a broker touches only its folder and the broker registry.
 */
export type SourceName = "prometheus" | "jaeger" | "logs" | (string & {});

export type SourceHealthState = "ok" | "degraded" | "down" | "unconfigured";

export interface SourceHealth {
  ok: boolean;
  /** A sentence a person can act on ("401 from RabbitMQ: check RABBITMQ_USER/RABBITMQ_PASSWORD"). */
  message: string;
  latencyMs: number;
  version?: string;
  /** Reachable but not fully working (e.g. a broker resource alarm, stats disabled). */
  degraded?: boolean;
}

export interface SourceStatus {
  name: SourceName;
  /** How people name it: "Prometheus", "RabbitMQ" (absent in evidence stored before it was added). */
  displayName?: string;
  status: SourceHealthState;
  message: string;
  latencyMs?: number;
  version?: string;
  /** The last failed upstream call seen by this process, if any. */
  lastError?: { message: string; kind: string; atMs: number };
  /** The base URL shown to people (never with credentials). */
  url?: string;
}

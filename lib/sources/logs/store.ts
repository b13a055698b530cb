// What every log-store adapter hands back, and the HTTP client they share the settings of.
import "server-only";
import type { SourceHealth } from "@/lib/domain/source";
import { createHttpSource, type HttpSource, type HttpSourceOptions } from "../http";
import type { LogReader } from "../readers";
import type { LogStoreName, LogsSourceConfig } from "./config";
import { reframingFetch, type Reframing } from "./reframe";

export interface LogStore {
  readonly store: LogStoreName;
  readonly reader: LogReader;
  /** A fresh probe with a message a person can act on (never throws). */
  health(): Promise<SourceHealth>;
  /** For lastError() on /sources. */
  readonly http: HttpSource;
}

/** How people name each store in messages and on /sources. */
export const LOG_STORE_NAMES: Record<LogStoreName, string> = {
  victorialogs: "VictoriaLogs",
  loki: "Loki",
  elasticsearch: "Elasticsearch",
  opensearch: "OpenSearch",
};

export type LogStoreDeps = Partial<Omit<HttpSourceOptions, "source" | "baseUrl" | "label">>;

export function logsHttp(
  config: LogsSourceConfig,
  deps: LogStoreDeps,
  reframe?: (url: URL) => Reframing | undefined,
): HttpSource {
  return createHttpSource({
    source: "logs",
    label: {
      name: LOG_STORE_NAMES[config.store],
      authHint: "check sources.logs username/password or bearerToken (e.g. LOGS_TOKEN)",
    },
    baseUrl: config.url,
    timeoutMs: config.timeoutMs,
    username: config.username,
    password: config.password,
    bearerToken: config.bearerToken,
    ...deps,
    ...(reframe ? { fetch: reframingFetch(reframe, deps.fetch) } : {}),
  });
}

/** A server-side time limit a little under ours, so an abandoned query stops burning the store's CPU. */
export function serverTimeoutSeconds(timeoutMs: number): number {
  return Math.max(1, Math.floor((timeoutMs * 0.9) / 1000));
}

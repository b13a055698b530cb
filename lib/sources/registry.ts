import "server-only";
// The source clients of this process, built once from the validated config. One set per
// process is what makes coalescing and the cache work across every viewer of a page.
import { appConfig } from "@/lib/config";
import type { SourcesConfig } from "@/lib/config/schema";
import type { SourceHealth, SourceName, SourceStatus } from "@/lib/domain/source";
import { displayUrl } from "./errors";
import { createJaegerSource, type JaegerSource } from "./jaeger/client";
import { createPrometheusSource, type PrometheusSource } from "./prometheus/client";
import { createRabbitSource, type RabbitSource } from "./rabbitmq/client";

export interface Sources {
  prometheus?: PrometheusSource;
  jaeger?: JaegerSource;
  rabbitmq?: RabbitSource;
}

export const SOURCE_NAMES: readonly SourceName[] = ["prometheus", "jaeger", "rabbitmq"];

/** Builds clients for the configured sources (tests and scripts call this directly). */
export function createSources(config: SourcesConfig): Sources {
  return {
    ...(config.prometheus ? { prometheus: createPrometheusSource(config.prometheus) } : {}),
    ...(config.jaeger ? { jaeger: createJaegerSource(config.jaeger) } : {}),
    ...(config.rabbitmq ? { rabbitmq: createRabbitSource(config.rabbitmq) } : {}),
  };
}

// Kept on globalThis so Next.js dev reloads reuse the clients (and their caches) instead of
// stacking new ones.
const key = Symbol.for("asyncscope.sources");
const holder = globalThis as unknown as Record<symbol, { config: SourcesConfig; sources: Sources } | undefined>;

/** The process-wide clients for `appConfig().sources`. */
export function sources(): Sources {
  const config = appConfig().sources;
  const current = holder[key];
  if (current?.config === config) return current.sources;
  const created = { config, sources: createSources(config) };
  holder[key] = created;
  return created.sources;
}

function baseUrl(config: SourcesConfig, name: SourceName): string | undefined {
  if (name === "rabbitmq") return config.rabbitmq?.managementUrl;
  return config[name]?.url;
}

/** Turns a health probe into the status shown on /sources and above every verdict. */
export function toSourceStatus(
  name: SourceName,
  health: SourceHealth | undefined,
  client: { http: { lastError(): { message: string; kind: string; atMs: number } | undefined } } | undefined,
  url?: string,
): SourceStatus {
  const shownUrl = url ? displayUrl(url).replace(/\/$/, "") : undefined;
  if (!client || !health) {
    return {
      name,
      status: "unconfigured",
      message: `not configured: add sources.${name} to asyncscope.yaml`,
      ...(shownUrl ? { url: shownUrl } : {}),
    };
  }
  const last = client.http.lastError();
  return {
    name,
    status: !health.ok ? "down" : health.degraded ? "degraded" : "ok",
    message: health.message,
    latencyMs: health.latencyMs,
    ...(health.version ? { version: health.version } : {}),
    ...(last ? { lastError: { message: last.message, kind: last.kind, atMs: last.atMs } } : {}),
    ...(shownUrl ? { url: shownUrl } : {}),
  };
}

/** Probes every configured source in parallel; never throws (a failed probe is a status). */
export async function sourceStatuses(
  all: Sources = sources(),
  config: SourcesConfig = appConfig().sources,
): Promise<SourceStatus[]> {
  return Promise.all(
    SOURCE_NAMES.map(async (name) => {
      const client = all[name];
      const health = client ? await client.health() : undefined;
      return toSourceStatus(name, health, client, baseUrl(config, name));
    }),
  );
}

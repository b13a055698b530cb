import "server-only";
// The source clients of this process, built once from the validated config. One set per
// process is what makes coalescing and the cache work across every viewer of a page. Also
// where a workflow's readers come from: the live sources, or the recording it replays.
import { appConfig } from "@/lib/config";
import { DEFAULT_SCRAPE_INTERVAL_SECONDS } from "@/lib/config/fields";
import type { AsyncscopeConfig, SourcesConfig, WorkflowConfig } from "@/lib/config/schema";
import type { SourceHealth, SourceName, SourceStatus } from "@/lib/domain/source";
import type { BrokerClient } from "./broker";
import { BROKERS, BROKER_NAMES, type BrokerName } from "./brokers";
import { displayUrl } from "./errors";
import { sourceDisplayName } from "./names";
import type { LastError } from "./http";
import { createJaegerSource, type JaegerSource } from "./jaeger/client";
import { jaegerTraceReader } from "./jaeger/sample";
import { createLogsSource, LOG_STORE_NAMES, type LogStore } from "./logs/client";
import { createPrometheusSource, type PrometheusSource } from "./prometheus/client";
import { prometheusMetricReader } from "./prometheus/history";
import type { SignalReaders } from "./readers";
import { recordingReaders } from "./recording/readers";
import { staleAfterMs } from "./stale-after";

export { staleAfterMs } from "./stale-after";

/** How long replaced clients stay open for the evaluations that still use them. */
const REPLACED_CLOSE_DELAY_MS = 60_000;

export interface Sources {
  prometheus?: PrometheusSource;
  jaeger?: JaegerSource;
  logs?: LogStore;
  brokers: Partial<Record<BrokerName, BrokerClient>>;
}

/** Builds clients for the configured sources (tests and scripts call this directly). */
export function createSources(config: SourcesConfig): Sources {
  const prometheus = config.prometheus ? createPrometheusSource(config.prometheus) : undefined;
  // A broker whose history lives in Prometheus (Kafka's lag window) reads it through this one.
  const context = prometheus
    ? {
        prometheus,
        scrapeIntervalSeconds: config.prometheus?.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL_SECONDS,
      }
    : {};
  const brokers: Partial<Record<BrokerName, BrokerClient>> = {};
  for (const name of BROKER_NAMES) {
    const brokerConfig = config[name];
    if (brokerConfig) brokers[name] = BROKERS[name].connect(brokerConfig as never, context);
  }
  return {
    ...(prometheus ? { prometheus } : {}),
    ...(config.jaeger ? { jaeger: createJaegerSource(config.jaeger) } : {}),
    ...(config.logs ? { logs: createLogsSource(config.logs) } : {}),
    brokers,
  };
}

// Kept on globalThis so Next.js dev reloads reuse the clients (and their caches) instead of
// stacking new ones.
const key = Symbol.for("asyncscope.sources");
const holder = globalThis as unknown as Record<symbol, { config: SourcesConfig; sources: Sources } | undefined>;

/**
 * Ends the brokers' connections of a set of sources (the HTTP sources share fetch's pool and
 * hold none). Never throws: a failed close is logged with the broker's name.
 */
export async function closeSources(all: Sources, log: Pick<Console, "error"> = console): Promise<void> {
  await Promise.all(
    Object.entries(all.brokers).map(([name, client]) =>
      client.close().catch((error: unknown) => log.error(`[asyncscope] closing the ${name} client failed:`, error)),
    ),
  );
}

/** The process-wide clients for `appConfig().sources`; a changed config's replace (and close) the old ones. */
export function sources(): Sources {
  const config = appConfig().sources;
  const current = holder[key];
  if (current?.config === config) return current.sources;
  const created = { config, sources: createSources(config) };
  holder[key] = created;
  // In-flight evaluations may still hold the old clients: closed a little later, not under them.
  if (current) setTimeout(() => void closeSources(current.sources), REPLACED_CLOSE_DELAY_MS).unref();
  return created.sources;
}

/** What an evaluation of `workflow` reads: the recording it replays, or the live sources. */
export function readersFor(workflow: WorkflowConfig, config: AsyncscopeConfig, live: Sources): SignalReaders {
  if (workflow.replay) return recordingReaders(workflow);
  const broker = live.brokers[workflow.broker];
  const brokerConfig = config.sources[workflow.broker];
  return {
    metricPlan: (rates) => BROKERS[workflow.broker].metricPlan(workflow.destinations, rates, brokerConfig as never),
    ...(broker ? { broker } : {}),
    ...(live.prometheus
      ? {
          metrics: prometheusMetricReader(
            live.prometheus,
            config.sources.prometheus?.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL_SECONDS,
          ),
        }
      : {}),
    ...(live.jaeger ? { traces: jaegerTraceReader(live.jaeger) } : {}),
    ...(live.logs ? { logs: live.logs.reader } : {}),
    staleAfterMs: staleAfterMs(config.sources, workflow.broker),
  };
}

/** Turns a health probe into the status shown on /sources and above every verdict. */
export function toSourceStatus(
  name: SourceName,
  health: SourceHealth | undefined,
  lastError: LastError | undefined,
  url?: string,
): SourceStatus {
  const shownUrl = url ? displayUrl(url).replace(/\/$/, "") : undefined;
  const displayName = sourceDisplayName(name);
  if (!health) {
    return {
      name,
      displayName,
      status: "unconfigured",
      message: `not configured: add sources.${name} to asyncscope.yaml`,
      ...(shownUrl ? { url: shownUrl } : {}),
    };
  }
  return {
    name,
    displayName,
    status: !health.ok ? "down" : health.degraded ? "degraded" : "ok",
    message: health.message,
    latencyMs: health.latencyMs,
    ...(health.version ? { version: health.version } : {}),
    ...(lastError ? { lastError: { message: lastError.message, kind: lastError.kind, atMs: lastError.atMs } } : {}),
    ...(shownUrl ? { url: shownUrl } : {}),
  };
}

/** The brokers the sources page lists: those configured, and those a workflow names. */
function listedBrokers(config: AsyncscopeConfig): BrokerName[] {
  const used = new Set<BrokerName>(config.workflows.map((w) => w.broker));
  return BROKER_NAMES.filter((name) => config.sources[name] !== undefined || used.has(name));
}

/** Probes every configured source in parallel; never throws (a failed probe is a status). */
export async function sourceStatuses(
  all: Sources = sources(),
  config: AsyncscopeConfig = appConfig(),
): Promise<SourceStatus[]> {
  const { prometheus, jaeger, logs } = all;
  return Promise.all([
    (async () =>
      toSourceStatus(
        "prometheus",
        await prometheus?.health(),
        prometheus?.http.lastError(),
        config.sources.prometheus?.url,
      ))(),
    (async () =>
      toSourceStatus("jaeger", await jaeger?.health(), jaeger?.http.lastError(), config.sources.jaeger?.url))(),
    (async () => {
      const status = toSourceStatus("logs", await logs?.health(), logs?.http.lastError(), config.sources.logs?.url);
      // Named by the store configured ("VictoriaLogs", "Loki"…), "the log store" when none is.
      const store = config.sources.logs?.store;
      return store ? { ...status, displayName: LOG_STORE_NAMES[store] } : status;
    })(),
    ...listedBrokers(config).map(async (name) => {
      const client = all.brokers[name];
      const brokerConfig = config.sources[name];
      return toSourceStatus(
        name,
        await client?.health(),
        client?.lastError(),
        brokerConfig ? BROKERS[name].baseUrl(brokerConfig as never) : undefined,
      );
    }),
  ]);
}

/**
 * Each source's last failed call seen by this process, asking nothing of any source: what the
 * workflow page checks before showing a recent evaluation (lib/evaluate/reuse.ts).
 */
export function sourceLastErrors(
  all: Sources = sources(),
  config: AsyncscopeConfig = appConfig(),
): Array<Pick<SourceStatus, "name" | "lastError">> {
  const named: Array<[SourceName, LastError | undefined]> = [
    ["prometheus", all.prometheus?.http.lastError()],
    ["jaeger", all.jaeger?.http.lastError()],
    ["logs", all.logs?.http.lastError()],
    ...listedBrokers(config).map((name): [SourceName, LastError | undefined] => [name, all.brokers[name]?.lastError()]),
  ];
  return named.map(([name, lastError]) =>
    lastError
      ? { name, lastError: { message: lastError.message, kind: lastError.kind, atMs: lastError.atMs } }
      : { name },
  );
}

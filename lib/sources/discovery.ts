import "server-only";
// Reads what discovery needs from the configured sources (each broker's whole topology through
// its adapter's discoveryTopology, a sample of every service's traces, Prometheus's inventory)
// and hands it to the pure
// lib/discovery. A source that is not configured or does not answer becomes a gap with the
// reason a person can act on; discovery then says what it could not propose.
import type { SourcesConfig } from "@/lib/config/schema";
import type { Answer, BrokerAnswer, DiscoveryInput } from "@/lib/discovery/types";
import type { BrokerAdapter } from "./broker";
import { BROKERS, BROKER_NAMES } from "./brokers";
import { SourceError, displayUrl } from "./errors";
import { createJaegerSource } from "./jaeger/client";
import { sampleAllServices } from "./jaeger/services";
import { createPrometheusSource } from "./prometheus/client";
import { readInventory } from "./prometheus/inventory";

export interface DiscoveryReadOptions {
  /** The trace window ends at `nowMs` and lasts this long. */
  windowMs: number;
  nowMs: number;
  /** Traces read per service (Jaeger caps a search at 1,500). */
  tracesPerService?: number;
  /** Read only these services' traces (one workflow's drift), instead of every service's. */
  services?: readonly string[];
}

/** What each source said, for the script's output and the page's header. */
export interface DiscoveryRead {
  input: DiscoveryInput;
  /** One line per source: "rabbitmq http://…: 23 destinations" or why it was not read. */
  report: string[];
  /** Warnings the sources sent with their answers (partial results). */
  warnings: string[];
}

/** A SourceError becomes a gap with its message (written for the person on call); anything else is a bug. */
async function attempt<T>(configured: boolean, what: string, read: () => Promise<T>): Promise<Answer<T>> {
  if (!configured) return { ok: false, reason: `${what} not configured` };
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof SourceError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Every configured broker source's topology, through its adapter. */
async function readBrokers(
  config: SourcesConfig,
  nowMs: number,
): Promise<{ answers: BrokerAnswer[]; report: string[] }> {
  const configured = BROKER_NAMES.filter((name) => config[name] !== undefined);
  const answers = await Promise.all(
    configured.map(async (name): Promise<BrokerAnswer> => {
      const adapter = BROKERS[name] as BrokerAdapter<unknown>;
      const read = adapter.discoveryTopology;
      if (!read) {
        return {
          broker: name,
          topology: { ok: false, reason: `sources.${name}: its adapter does not read a topology for discovery` },
        };
      }
      return { broker: name, topology: await attempt(true, `sources.${name}`, () => read(config[name], nowMs)) };
    }),
  );
  const report = answers.map(({ broker, topology }) => {
    if (!topology.ok) return `${broker}: ${topology.reason}`;
    const where = displayUrl(
      (BROKERS[broker as keyof typeof BROKERS] as BrokerAdapter<unknown>).baseUrl(
        config[broker as keyof typeof BROKERS],
      ),
    );
    const routes = topology.value.routing ? `, ${topology.value.routing.length} routes` : "";
    return `${broker} ${where}: ${topology.value.destinations.length} destinations${routes}`;
  });
  return { answers, report };
}

export async function readDiscoveryInput(config: SourcesConfig, opts: DiscoveryReadOptions): Promise<DiscoveryRead> {
  const end = new Date(opts.nowMs);
  const start = new Date(opts.nowMs - opts.windowMs);
  const [brokers, traces, metrics] = await Promise.all([
    readBrokers(config, opts.nowMs),
    attempt(config.jaeger !== undefined, "sources.jaeger", () =>
      sampleAllServices(
        createJaegerSource(config.jaeger!),
        { start, end },
        opts.tracesPerService ?? 500,
        opts.services,
      ),
    ),
    attempt(config.prometheus !== undefined, "sources.prometheus", () =>
      readInventory(createPrometheusSource(config.prometheus!)),
    ),
  ]);
  // URLs as displayUrl shows them: a URL may carry user:pass@ (or a token in its query).
  const report = [
    ...(brokers.report.length > 0 ? brokers.report : ["Broker: no broker source configured"]),
    traces.ok
      ? `Jaeger ${displayUrl(config.jaeger!.url)}: ${traces.value.traces.length} traces of ${traces.value.services.length} services${traces.value.truncated ? " (more in the window than read)" : ""}`
      : `Jaeger: ${traces.reason}`,
    metrics.ok
      ? `Prometheus ${displayUrl(config.prometheus!.url)}: series for ${Object.keys(metrics.value.queueSeries).length} queues, ${metrics.value.dropCounters.length} drop counters`
      : `Prometheus: ${metrics.reason}`,
  ];
  return {
    input: {
      nowMs: opts.nowMs,
      brokers: brokers.answers,
      traces: traces.ok
        ? { ok: true, value: { traces: traces.value.traces, truncated: traces.value.truncated } }
        : traces,
      metrics: metrics.ok
        ? { ok: true, value: { queueSeries: metrics.value.queueSeries, dropCounters: metrics.value.dropCounters } }
        : metrics,
    },
    report,
    warnings: [...(traces.ok ? traces.value.warnings : []), ...(metrics.ok ? metrics.value.warnings : [])],
  };
}

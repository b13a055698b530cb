import "server-only";
// Reads what discovery needs from the configured sources (the broker's whole topology, a
// sample of every service's traces, Prometheus's inventory) and hands it to the pure
// lib/discovery. A source that is not configured or does not answer becomes a gap with the
// reason a person can act on; discovery then says what it could not propose.
import type { SourcesConfig } from "@/lib/config/schema";
import type { Answer, DiscoveryInput } from "@/lib/discovery/types";
import { SourceError, displayUrl } from "./errors";
import { createJaegerSource } from "./jaeger/client";
import { sampleAllServices } from "./jaeger/services";
import { createPrometheusSource } from "./prometheus/client";
import { readInventory } from "./prometheus/inventory";
import { createRabbitSource } from "./rabbitmq/client";
import { readRabbitTopology } from "./rabbitmq/discovery";

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
  /** One line per source: "RabbitMQ http://…: 23 queues" or why it was not read. */
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

export async function readDiscoveryInput(config: SourcesConfig, opts: DiscoveryReadOptions): Promise<DiscoveryRead> {
  const end = new Date(opts.nowMs);
  const start = new Date(opts.nowMs - opts.windowMs);
  const [topology, traces, metrics] = await Promise.all([
    attempt(config.rabbitmq !== undefined, "sources.rabbitmq", () =>
      readRabbitTopology(createRabbitSource(config.rabbitmq!), opts.nowMs),
    ),
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
    topology.ok
      ? `RabbitMQ ${displayUrl(config.rabbitmq!.managementUrl)}: ${topology.value.queues.length} queues, ${topology.value.bindings?.length ?? 0} bindings`
      : `RabbitMQ: ${topology.reason}`,
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
      topology,
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

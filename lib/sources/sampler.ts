// What a broker's background sampler gives (lib/sources/<broker>/sampler.ts): the broker's
// state, read every few seconds, as the series of the exporter teams run for it
// (kafka_exporter, prometheus-nats-exporter -jsz), so Prometheus keeps the history and the
// adapter reads it back through its metric plan as it would the exporter's. The runner that
// samples, exposes and elects one instance is lib/telemetry/broker-sampler.ts.
import { z } from "zod";
import { duration } from "@/lib/config/fields";

/** One metric family as the exporter names it: its help text and label names, in order. */
export interface SampledFamilyDef {
  name: string;
  help: string;
  labelNames: readonly string[];
}

export interface SampledSeries {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** One sample of a broker: every family's series at `atMs`. A family with no series is empty. */
export interface BrokerSample {
  atMs: number;
  series: ReadonlyMap<string, readonly SampledSeries[]>;
}

export interface BrokerSampler {
  /** The broker's registry name ("kafka", "nats"). */
  readonly broker: string;
  /** Where it samples, for the up gauge and log lines (no credentials). */
  readonly source: string;
  readonly families: readonly SampledFamilyDef[];
  /** One read of the broker; throws (a SourceError) when the broker cannot be read. */
  sample(): Promise<BrokerSample>;
  /** Lets go of the broker's connections. */
  close(): Promise<void>;
}

/** The sampler a broker source turns on (`sources.<broker>.sampler`, docs/configuration.md). */
export const DEFAULT_SAMPLER_INTERVAL_SECONDS = 5;
export const samplerConfig = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** How often the broker is read; Prometheus scrapes what the last read found. */
    interval: duration.default(DEFAULT_SAMPLER_INTERVAL_SECONDS),
  })
  .optional();
export type SamplerConfig = z.output<typeof samplerConfig>;

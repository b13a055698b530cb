import "server-only";
// Kafka's background sampler (lib/sources/sampler.ts): every group and topic of the cluster,
// read through the admin client as the adapter reads its destinations (read.ts), exposed under
// kafka_exporter's names (exporter-series.ts). Internal topics (__consumer_offsets…) are left
// out. One admin client, kept between samples and replaced after a failure.
import { Admin } from "@platformatic/kafka";
import { SourceError } from "../errors";
import type { BrokerSampler } from "../sampler";
import type { KafkaConfig } from "./config";
import { kindOf } from "./client";
import { KAFKA_EXPORTER_FAMILIES, kafkaExporterSeries } from "./exporter-series";
import { readCluster, WHOLE_CLUSTER } from "./read";
import { readoutSchema } from "./schemas";

export function createKafkaSampler(cfg: KafkaConfig, deps: { now?: () => number } = {}): BrokerSampler {
  const now = deps.now ?? Date.now;
  const source = cfg.brokers.join(",");
  let admin: Admin | undefined;

  const connected = () =>
    (admin ??= new Admin({
      clientId: `${cfg.clientId}-sampler`,
      bootstrapBrokers: cfg.brokers,
      timeout: cfg.timeoutMs,
      retries: 1,
    }));

  async function dropAdmin(): Promise<void> {
    const failed = admin;
    admin = undefined;
    await failed
      ?.close()
      .catch((error: unknown) => console.error(`kafka sampler (${source}): closing a failed admin client:`, error));
  }

  return {
    broker: "kafka",
    source,
    families: KAFKA_EXPORTER_FAMILIES,
    async sample() {
      let raw;
      try {
        raw = await readCluster(connected(), WHOLE_CLUSTER, now);
      } catch (cause) {
        await dropAdmin();
        throw new SourceError({
          source: "kafka",
          kind: kindOf(cause),
          message: `Kafka (${source}): reading groups and offsets for the sampler failed: ${(cause as Error).message}`,
          cause,
        });
      }
      const parsed = readoutSchema.safeParse(raw);
      if (!parsed.success)
        throw new SourceError({
          source: "kafka",
          kind: "parse",
          message: `Kafka (${source}): unexpected admin answer: ${parsed.error.message}`,
          cause: parsed.error,
        });
      return { atMs: parsed.data.atMs, series: kafkaExporterSeries(parsed.data) };
    },
    async close() {
      const open = admin;
      admin = undefined;
      await open?.close();
    },
  };
}

import "server-only";
// Reads Kafka's whole topology for discovery: every topic and group through a short-lived
// admin client of its own (discovery runs seldom; the evaluator's client keeps its lag history
// to itself), closed when done. Throws only SourceError.
import { Admin } from "@platformatic/kafka";
import type { DiscoveryTopology } from "@/lib/domain/topology";
import { SourceError } from "../errors";
import { kindOf } from "./client";
import type { KafkaConfig } from "./config";
import { kafkaDiscoveryTopology } from "./discovery";
import { readCluster } from "./read";
import { readoutSchema } from "./schemas";

export async function readKafkaTopology(cfg: KafkaConfig): Promise<DiscoveryTopology> {
  const admin = new Admin({
    clientId: cfg.clientId,
    bootstrapBrokers: cfg.brokers,
    timeout: cfg.timeoutMs,
    retries: 1,
  });
  const where = `Kafka (${cfg.brokers.join(", ")})`;
  try {
    const raw = await readCluster(admin, { topics: await admin.listTopics(), groups: [] });
    const parsed = readoutSchema.safeParse(raw);
    if (!parsed.success) {
      throw new SourceError({
        source: "kafka",
        kind: "parse",
        message: `${where}: unexpected admin answer: ${parsed.error.message}`,
        cause: parsed.error,
      });
    }
    return kafkaDiscoveryTopology(parsed.data);
  } catch (cause) {
    if (cause instanceof SourceError) throw cause;
    throw new SourceError({
      source: "kafka",
      kind: kindOf(cause),
      message: `${where}: reading topics and groups for discovery failed: ${(cause as Error).message}. Check sources.kafka.brokers and that the brokers are reachable`,
      cause,
    });
  } finally {
    await admin
      .close()
      .catch((closeError: unknown) => console.error(`${where}: closing discovery's admin client:`, closeError));
  }
}

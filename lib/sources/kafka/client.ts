import "server-only";
// The Kafka cluster through the admin client: one readout per state() call (read.ts), parsed
// (schemas.ts), remembered over the lag window (history.ts) and mapped (snapshot.ts).
// Throws only SourceError, whose message names the brokers and what to check.
import { Admin } from "@platformatic/kafka";
import type { BrokerSnapshot, DestinationConfig } from "@/lib/domain/destination";
import type { SourceHealth } from "@/lib/domain/source";
import { SourceError, type SourceErrorKind } from "../errors";
import { probeHealth } from "../health";
import type { LastError } from "../http";
import { declaredTopics, type KafkaConfig } from "./config";
import { emptyHistory, recordSamples } from "./history";
import { readCluster } from "./read";
import { recordMembership, type MembershipHistory } from "./rebalance";
import { readoutSchema } from "./schemas";
import { toKafkaSnapshot } from "./snapshot";

export interface KafkaSource {
  state(destinations: readonly DestinationConfig[]): Promise<BrokerSnapshot>;
  health(): Promise<SourceHealth>;
  lastError(): LastError | undefined;
  close(): Promise<void>;
}

export function kindOf(error: unknown): SourceErrorKind {
  const code = (error as { code?: string }).code;
  if (code === "PLT_KFK_TIMEOUT") return "timeout";
  if (code === "PLT_KFK_NETWORK") return "network";
  return "http"; // the broker answered with an error: the closest of the kinds SourceError has
}

export function createKafkaSource(cfg: KafkaConfig, deps: { now?: () => number } = {}): KafkaSource {
  const now = deps.now ?? Date.now;
  const history = emptyHistory();
  const membership: MembershipHistory = new Map();
  let admin: Admin | undefined;
  let lastError: LastError | undefined;

  const connected = () =>
    (admin ??= new Admin({
      clientId: cfg.clientId,
      bootstrapBrokers: cfg.brokers,
      timeout: cfg.timeoutMs,
      retries: 1,
    }));

  async function call<T>(what: string, f: (a: Admin) => Promise<T>): Promise<T> {
    try {
      return await f(connected());
    } catch (cause) {
      // A failed admin client may hold broken connections: the next call starts afresh.
      const failed = admin;
      admin = undefined;
      failed
        ?.close()
        .catch((closeError: unknown) => console.error("kafka: closing a failed admin client:", closeError));
      const kind = kindOf(cause);
      const message = `Kafka (${cfg.brokers.join(", ")}): ${what} failed: ${(cause as Error).message}. Check sources.kafka.brokers and that the brokers are reachable`;
      lastError = { message, kind, atMs: now() };
      throw new SourceError({ source: "kafka", kind, message, cause });
    }
  }

  return {
    async state(destinations) {
      const topics = destinations.flatMap((d) => {
        const { deadLetterTopics, retryTopics } = declaredTopics(d);
        return [d.ref.identity.topic!, ...deadLetterTopics, ...retryTopics];
      });
      const groups = destinations.map((d) => d.ref.identity.group!);
      const raw = await call("reading groups and offsets", (a) => readCluster(a, { topics, groups }, now));
      const parsed = readoutSchema.safeParse(raw);
      if (!parsed.success) {
        const message = `Kafka: unexpected admin answer: ${parsed.error.message}`;
        lastError = { message, kind: "parse", atMs: now() };
        throw new SourceError({ source: "kafka", kind: "parse", message, cause: parsed.error });
      }
      const windowMs = cfg.lagWindow * 1000;
      recordSamples(history, parsed.data, windowMs);
      recordMembership(membership, parsed.data, groups, windowMs);
      return toKafkaSnapshot(destinations, parsed.data, history, windowMs, membership);
    },
    health: () =>
      probeHealth(async () => {
        const topics = await call("listing topics", (a) => a.listTopics());
        return { message: `${topics.length} topics on ${cfg.brokers.join(", ")}` };
      }),
    lastError: () => lastError,
    async close() {
      await admin?.close();
      admin = undefined;
    },
  };
}

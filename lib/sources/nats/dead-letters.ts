import "server-only";
// Dead letters of JetStream consumers: a message that reaches max_deliver stays in the stream
// and the server publishes $JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>. A
// stream configured to capture those advisories (sources.nats.deadLetters.advisoryStream) keeps
// them; this reads, over the JetStream API, how many each declared consumer has and the stream
// sequences of the last few messages they name.
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { DestinationConfig } from "@/lib/domain/destination";
import { SourceError, displayUrl } from "../errors";
import type { LastError } from "../http";
import type { NatsConfig } from "./config";
import type { ConsumerDeadLetters, DeadLetterReading } from "./snapshot";
import { z } from "zod";

/** How many of a consumer's dead letters are named by stream sequence (the count covers all). */
export const NAMED_DEAD_LETTERS = 10;

const advisorySchema = z.object({ stream_seq: z.number() }).loose();

export function advisorySubject(stream: string, consumer: string): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${consumer}`;
}

export interface DeadLetterReader {
  readonly advisoryStream: string;
  read(declared: readonly DestinationConfig[]): Promise<DeadLetterReading>;
  /** The last failure, for the sources page (the snapshot carries it only as a gap). */
  lastError(): LastError | undefined;
  close(): Promise<void>;
}

export function createDeadLetterReader(
  cfg: NonNullable<NatsConfig["deadLetters"]>,
  timeoutMs: number,
  now: () => number = Date.now,
): DeadLetterReader {
  let connection: Promise<{ nc: NatsConnection; jsm: JetStreamManager }> | undefined;
  let lastError: LastError | undefined;
  const fail = (what: string, cause: unknown): never => {
    const error = new SourceError({
      source: "nats",
      kind: "network",
      message: `NATS JetStream API at ${displayUrl(cfg.natsUrl)}: ${what} failed (${cause instanceof Error ? cause.message : String(cause)}); check sources.nats.deadLetters`,
      cause,
    });
    lastError = { message: error.message, kind: error.kind, atMs: now() };
    throw error;
  };
  async function open() {
    const nc = await connect({ servers: cfg.natsUrl, name: "asyncscope", timeout: timeoutMs });
    return { nc, jsm: await jetstreamManager(nc, { timeout: timeoutMs }) };
  }
  async function manager(): Promise<JetStreamManager> {
    connection ??= open();
    try {
      const { nc, jsm } = await connection;
      if (nc.isClosed()) throw new Error("connection closed");
      return jsm;
    } catch (err) {
      connection = undefined; // the next evaluation tries again
      return fail("connecting", err);
    }
  }
  async function forConsumer(jsm: JetStreamManager, subject: string): Promise<ConsumerDeadLetters> {
    const info = await jsm.streams.info(cfg.advisoryStream, { subjects_filter: subject });
    const count = info.state.subjects?.[subject] ?? 0;
    const streamSeqs: number[] = [];
    // Walk the first few advisories by subject (a direct get: the stream needs allow_direct); a
    // stream seq names the message, which stays in its stream.
    let seq = info.state.first_seq;
    try {
      while (count > 0 && streamSeqs.length < Math.min(count, NAMED_DEAD_LETTERS)) {
        const msg = await jsm.direct.getMessage(cfg.advisoryStream, { seq, next_by_subj: subject });
        if (!msg) break;
        streamSeqs.push(advisorySchema.parse(msg.json()).stream_seq);
        seq = msg.seq + 1;
      }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        count,
        streamSeqs,
        unnamed: `could not read the advisories (${why}; does ${cfg.advisoryStream} allow direct gets?)`,
      };
    }
    return { count, streamSeqs };
  }
  return {
    advisoryStream: cfg.advisoryStream,
    lastError: () => lastError,
    async read(declared) {
      const jsm = await manager();
      const byConsumer = new Map<string, ConsumerDeadLetters>();
      try {
        for (const d of declared)
          byConsumer.set(
            d.ref.key,
            await forConsumer(jsm, advisorySubject(d.ref.identity.stream!, d.ref.identity.consumer!)),
          );
      } catch (err) {
        return fail(`reading stream ${cfg.advisoryStream}`, err);
      }
      return { advisoryStream: cfg.advisoryStream, byConsumer, atMs: now() };
    },
    async close() {
      const open = connection;
      connection = undefined;
      if (open) await (await open).nc.close();
    },
  };
}

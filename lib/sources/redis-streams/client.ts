import "server-only";
// Redis I/O for the adapter: one connection (node-redis, RESP3), opened when first needed and
// replaced after it fails. Every reply is checked against schemas.ts; every failure becomes a
// SourceError saying what failed and what to check, and is kept for the sources page.
import { createClient } from "redis";
import { z } from "zod";
import type { SourceHealth } from "@/lib/domain/source";
import { SourceError, type SourceErrorKind } from "../errors";
import { probeHealth } from "../health";
import type { LastError } from "../http";
import { REDIS_LABEL, type RedisConfig } from "./config";
import {
  afterId,
  firstEntryId,
  toConsumerReading,
  toGroupReading,
  toPendingEntry,
  type ConsumerReading,
  type GroupReading,
  type PendingEntry,
} from "./map";
import {
  consumersWireSchema,
  groupsWireSchema,
  lengthWireSchema,
  pendingWireSchema,
  rangeWireSchema,
  redisVersionOf,
  scanWireSchema,
} from "./schemas";

const SOURCE = "redis-streams";

export interface RedisSource {
  readonly name: "redis-streams";
  /** The stream's groups; undefined when the stream does not exist. */
  groups(stream: string): Promise<GroupReading[] | undefined>;
  consumers(stream: string, group: string): Promise<ConsumerReading[]>;
  /** Pending entries idle at least `idleMs` (XPENDING … IDLE), at most `count`. */
  pendingIdle(stream: string, group: string, idleMs: number, count: number): Promise<PendingEntry[]>;
  /** The id of the first entry after `lastDeliveredId`, null when there is none. */
  firstAfter(stream: string, lastDeliveredId: string): Promise<string | null>;
  /** Every stream key of the database (SCAN … TYPE stream), for discovery. */
  streamKeys(): Promise<string[]>;
  /** XLEN and the first entry's id (a missing key reads as an empty stream, as XLEN says). */
  streamHead(stream: string): Promise<{ length: number; firstId: string | null }>;
  health(): Promise<SourceHealth>;
  lastError(): LastError | undefined;
  close(): Promise<void>;
}

type Client = ReturnType<typeof createClient>;

/** "ERR no such key": XINFO on a key that does not exist. */
const NO_SUCH_KEY = /no such key/i;
/** "NOGROUP No such key 'x' or consumer group 'g'". */
const NO_GROUP = /^NOGROUP/;

export function createRedisSource(config: RedisConfig): RedisSource {
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let last: LastError | undefined;
  const where = new URL(config.url).host;

  const fail = (kind: SourceErrorKind, message: string, cause?: unknown): SourceError => {
    const error = new SourceError({ source: SOURCE, kind, message, cause });
    last = { message, kind, atMs: Date.now() };
    return error;
  };

  async function connection(): Promise<Client> {
    if (client?.isReady) return client;
    connecting ??= (async () => {
      const created: Client = createClient({
        url: config.url,
        ...(config.username ? { username: config.username } : {}),
        ...(config.password ? { password: config.password } : {}),
        RESP: 3,
        // No background reconnects: a failed connection is dropped and the next read opens a new one.
        socket: { connectTimeout: config.timeoutMs, reconnectStrategy: false },
      }) as Client;
      // node-redis emits connection errors as events; the read that needed the connection reports them.
      created.on("error", (err: Error) => {
        last = { message: `Redis at ${where}: ${err.message}`, kind: "network", atMs: Date.now() };
      });
      await created.connect();
      client = created;
      return created;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  async function drop() {
    const c = client;
    client = undefined;
    if (c?.isOpen) c.destroy();
  }

  async function command<T>(args: string[], schema: z.ZodType<T>): Promise<T> {
    const what = args.slice(0, 2).join(" ");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(fail("timeout", `Redis at ${where} did not answer ${what} within ${config.timeoutMs} ms`)),
        config.timeoutMs,
      );
    });
    let reply: unknown;
    try {
      reply = await Promise.race([connection().then((c) => c.sendCommand(args)), timeout]);
    } catch (err) {
      if (err instanceof SourceError) {
        await drop();
        throw err;
      }
      const message = (err as Error).message ?? String(err);
      // A Redis error reply (no such key, NOGROUP, NOPERM…) is an answer: the connection is fine.
      if (NO_SUCH_KEY.test(message) || NO_GROUP.test(message)) throw err;
      const auth = /NOAUTH|WRONGPASS|NOPERM/.test(message) ? ` (${REDIS_LABEL.authHint})` : "";
      if (!/NOPERM/.test(message)) await drop();
      throw fail("network", `Redis at ${where} failed ${what}: ${message}${auth}`, err);
    } finally {
      clearTimeout(timer);
    }
    const parsed = schema.safeParse(reply);
    if (!parsed.success)
      throw fail(
        "parse",
        `Redis at ${where} answered ${what} in an unexpected shape: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data;
  }

  /** Runs `f`, reading "no such key" / NOGROUP as `missing`. */
  async function orMissing<T, M>(f: () => Promise<T>, missing: M): Promise<T | M> {
    try {
      return await f();
    } catch (err) {
      if (err instanceof SourceError) throw err;
      const message = (err as Error).message;
      if (NO_SUCH_KEY.test(message) || NO_GROUP.test(message)) return missing;
      throw err;
    }
  }

  return {
    name: "redis-streams",
    async groups(stream) {
      const wire = await orMissing(() => command(["XINFO", "GROUPS", stream], groupsWireSchema), undefined);
      return wire?.map((g) => toGroupReading(stream, g));
    },
    async consumers(stream, group) {
      const wire = await orMissing(() => command(["XINFO", "CONSUMERS", stream, group], consumersWireSchema), []);
      return wire.map(toConsumerReading);
    },
    async pendingIdle(stream, group, idleMs, count) {
      const wire = await orMissing(
        () => command(["XPENDING", stream, group, "IDLE", String(idleMs), "-", "+", String(count)], pendingWireSchema),
        [],
      );
      return wire.map(toPendingEntry);
    },
    async streamKeys() {
      const keys = new Set<string>();
      let cursor = "0";
      do {
        const [next, batch] = await command(["SCAN", cursor, "TYPE", "stream", "COUNT", "1000"], scanWireSchema);
        for (const key of batch) keys.add(key);
        cursor = next;
      } while (cursor !== "0");
      return [...keys].sort();
    },
    async firstAfter(stream, lastDeliveredId) {
      const range = await command(["XRANGE", stream, afterId(lastDeliveredId), "+", "COUNT", "1"], rangeWireSchema);
      return firstEntryId(range) ?? null;
    },
    async streamHead(stream) {
      const length = await command(["XLEN", stream], lengthWireSchema);
      // XLEN of a missing key is 0, like an empty stream: a dead-letter stream appears at its first XADD.
      if (length === 0) return { length, firstId: null };
      const range = await command(["XRANGE", stream, "-", "+", "COUNT", "1"], rangeWireSchema);
      return { length, firstId: firstEntryId(range) ?? null };
    },
    health: () =>
      probeHealth(async () => {
        // INFO is a verbatim string over RESP3; node-redis may hand it over as a string-like object.
        const info = await command(["INFO", "server"], z.unknown().transform(String));
        const version = redisVersionOf(info);
        return { message: `Redis ${version ?? "(version not reported)"} at ${where}`, ...(version ? { version } : {}) };
      }),
    lastError: () => last,
    close: drop,
  };
}

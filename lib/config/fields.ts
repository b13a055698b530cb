import { z } from "zod";
import { parseDurationSeconds } from "./duration";

// Field types shared by the config schema and the broker adapters' own parts of it
// (lib/sources/<broker>/config.ts). This file imports no schema, so both can use it.

export const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
  .transform((url) => url.replace(/\/+$/, ""));

/** A Prometheus-style duration ("30s", "5m", "1h30m"), held as seconds. */
export const duration = z.string({ error: "expected a duration such as 30s, 5m or 1h" }).transform((text, ctx) => {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds <= 0) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as 30s, 5m or 1h, got "${text}"` });
    return z.NEVER;
  }
  return seconds;
});

export const timeoutMs = z.number().int().min(100).max(120_000).default(5_000);

export const basicAuth = {
  /** Filled from `${VAR}` only; see loader.ts (credentials are never literal in the file). */
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
};

/**
 * How old a sample from this source may be and still count as "now" (seconds). Unset: three
 * scrape or poll intervals, and at least 30 s (resolved by the source, see staleAfterSeconds).
 */
export const staleAfter = duration.optional();

/** Prometheus's scrape interval where the config does not say (the one its example config uses). */
export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;

/** The floor of every default staleAfter: below it, one slow scrape would read as stale data. */
export const MIN_STALE_AFTER_SECONDS = 30;

/** The default staleAfter for a source sampled every `intervalSeconds`: three intervals, at least 30 s. */
export function defaultStaleAfterSeconds(intervalSeconds: number): number {
  return Math.max(MIN_STALE_AFTER_SECONDS, 3 * intervalSeconds);
}

/**
 * Who may consume a destination: a name (the client-given connection name or the consuming
 * service, matched exactly, as a prefix followed by - @ : or /, or as a glob with * and ?), or
 * an object whose every key is one of the broker's consumer identities (connectionName,
 * consumerTag, product, hostname, user, peerHost for RabbitMQ), each a glob that must match.
 */
export const consumerMatcher = z.union([
  z.string().min(1),
  z
    .record(z.string().regex(/^[a-zA-Z]+$/, "expected an identity name such as connectionName"), z.string().min(1))
    .refine((matcher) => Object.keys(matcher).length > 0, { message: "name at least one identity to match" }),
]);
export type ConsumerMatcherInput = z.input<typeof consumerMatcher>;

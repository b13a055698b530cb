// The HTTP layer every source shares. It exists so that a struggling Prometheus or broker is
// never made worse by us and never hangs a page:
//   - one deadline per attempt covering headers AND body (a stalled body stream would
//     otherwise hang callers forever: fetch's own timeout stops at the headers);
//   - bodies are streamed and counted; past `maxBytes` the request is aborted (bounded memory);
//   - retries with jittered exponential back-off only for idempotent GETs, only on network
//     errors, timeouts and 5xx; never on 4xx (asking again will not fix a bad query or password);
//   - at most `maxInFlight` upstream requests per source, the rest wait their turn;
//   - identical concurrent requests share one upstream call, and successful answers are kept
//     for `cacheTtlMs`, so N people watching one page cost one query per refresh;
//   - every attempt is a span (@opentelemetry/api) and is counted in the app metrics.
import "server-only";
import type { z } from "zod";
import type { SourceName } from "@/lib/domain/source";
import { sourceCalls, upstreamDuration, upstreamErrors, upstreamRequests } from "@/lib/telemetry/metrics";
import { withClientSpan } from "@/lib/telemetry/tracing";
import {
  SourceError,
  causeCode,
  displayUrl,
  httpErrorMessage,
  networkErrorMessage,
  sourceLabel,
  type SourceLabel,
  type SourceErrorKind,
} from "./errors";

export interface HttpSourceOptions {
  source: SourceName;
  /** How messages name the source (Prometheus's and Jaeger's are built in; a broker gives its own). */
  label?: Omit<SourceLabel, "source">;
  /** Base URL without a trailing slash. Userinfo in it is moved to a Basic auth header. */
  baseUrl: string;
  /** Deadline for one attempt, headers and body together. */
  timeoutMs: number;
  username?: string;
  password?: string;
  bearerToken?: string;
  /** Upstream requests allowed in flight at once for this source (default 4). */
  maxInFlight?: number;
  /** How long a successful answer is reused (default 2000 ms; 0 keeps only coalescing). */
  cacheTtlMs?: number;
  /** Largest body accepted (default 16 MiB). */
  maxBytes?: number;
  /** Bytes of response bodies the cache may hold in total (default 64 MiB); larger bodies are not cached. */
  maxCacheBytes?: number;
  /** Extra attempts after the first for retryable failures (default 2). */
  retries?: number;
  /** Base of the back-off (default 100 ms): attempt n waits base·2ⁿ·(0.5…1). */
  retryBaseMs?: number;
  /** No new attempt starts after this much time since the first (default 2 × timeoutMs). */
  budgetMs?: number;
  fetch?: typeof fetch;
}

export type Query = Readonly<Record<string, string | number | boolean | undefined | readonly string[]>>;

export interface GetRequest {
  /** Path below the base URL, already percent-encoded per segment (see `encodePathSegment`). */
  path: string;
  query?: Query;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. Jaeger's 404 = "no traces"). */
  acceptStatus?: readonly number[];
  /** Override the client's cache TTL for this request (0 = no cache). */
  cacheTtlMs?: number;
}

export interface RawResponse {
  status: number;
  body: unknown;
  /** Milliseconds the upstream call took (0 when served from cache). */
  latencyMs: number;
  served: "upstream" | "coalesced" | "cache";
}

export interface LastError {
  message: string;
  kind: SourceErrorKind;
  status?: number;
  atMs: number;
}

export interface HttpSource {
  readonly source: SourceName;
  readonly baseUrl: string;
  /** GET and parse JSON; throws SourceError on anything but 2xx (or an accepted status). */
  get(request: GetRequest): Promise<RawResponse>;
  /** GET, then validate the 2xx body with `schema` (throws a `parse` SourceError on mismatch). */
  getJson<T>(request: GetRequest, schema: z.ZodType<T>): Promise<T>;
  url(path: string, query?: Query): string;
  lastError(): LastError | undefined;
  /** Bytes of bodies currently cached. */
  cacheBytes(): number;
  clearCache(): void;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Error bodies are read only this far, for the detail they carry. */
const ERROR_BODY_BYTES = 64 * 1024;
const MAX_CACHE_ENTRIES = 1000;
const DEFAULT_MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Percent-encodes one path segment; RabbitMQ's default vhost "/" becomes %2F as it requires. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment);
}

export function createHttpSource(options: HttpSourceOptions): HttpSource {
  const { source } = options;
  const label = sourceLabel(source, options.label);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const retries = options.retries ?? 2;
  const retryBaseMs = options.retryBaseMs ?? 100;
  const budgetMs = options.budgetMs ?? options.timeoutMs * 2;
  const defaultTtl = options.cacheTtlMs ?? 2_000;
  const { baseUrl, authorization } = splitCredentials(options);
  const semaphore = createSemaphore(options.maxInFlight ?? 4);
  const inflight = new Map<string, Promise<RawResponse>>();
  const cache = new Map<string, { expiresAt: number; response: RawResponse; bytes: number }>();
  const maxCacheBytes = options.maxCacheBytes ?? DEFAULT_MAX_CACHE_BYTES;
  let cacheBytes = 0;
  let lastError: LastError | undefined;

  function url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, v);
      else params.append(key, String(value));
    }
    const qs = params.toString();
    return `${baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  function record(error: SourceError): SourceError {
    lastError = { message: error.message, kind: error.kind, status: error.status, atMs: Date.now() };
    return error;
  }

  async function attemptOnce(
    target: string,
    accept: readonly number[],
  ): Promise<{ status: number; body: unknown; bytes: number }> {
    return withClientSpan(
      `GET ${source}`,
      { "http.request.method": "GET", "url.full": displayUrl(target), "asyncscope.source": source },
      async (span) => {
        const started = performance.now();
        try {
          const result = await fetchBounded(target, accept);
          span.setAttribute("http.response.status_code", result.status);
          upstreamRequests.inc({ source, outcome: "ok" });
          return result;
        } catch (error) {
          const sourceError = toSourceError(error, target);
          if (sourceError.status !== undefined) span.setAttribute("http.response.status_code", sourceError.status);
          span.setAttribute("error.type", sourceError.kind);
          upstreamRequests.inc({ source, outcome: "error" });
          upstreamErrors.inc({ source, kind: sourceError.kind });
          throw sourceError;
        } finally {
          upstreamDuration.observe({ source }, (performance.now() - started) / 1000);
        }
      },
    );
  }

  async function fetchBounded(
    target: string,
    accept: readonly number[],
  ): Promise<{ status: number; body: unknown; bytes: number }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    try {
      const headers: Record<string, string> = { accept: "application/json" };
      if (authorization) headers.authorization = authorization;
      let response: Response;
      try {
        response = await fetchImpl(target, { method: "GET", headers, signal: controller.signal, redirect: "follow" });
      } catch (error) {
        throw timedOut
          ? timeoutError(target, "before the response headers arrived", error)
          : networkError(target, error);
      }
      const ok = response.ok || accept.includes(response.status);
      const limit = ok ? maxBytes : ERROR_BODY_BYTES;
      const declared = Number(response.headers.get("content-length"));
      if (ok && Number.isFinite(declared) && declared > limit) {
        controller.abort();
        throw tooLarge(target, `it declared ${declared} bytes`);
      }
      let text: string;
      try {
        text = await readBounded(response, limit, ok, () => {
          controller.abort();
        });
      } catch (error) {
        if (error instanceof SourceError) throw error;
        if (error instanceof BodyTooLarge) throw tooLarge(target, `it sent more than ${limit} bytes`);
        if (timedOut) throw timeoutError(target, "while the body was still arriving (stalled or slow body)", error);
        if (!ok) throw httpError(response.status, target, undefined, error);
        throw networkError(target, error);
      }
      if (!ok) throw httpError(response.status, target, errorDetail(text), undefined);
      try {
        return { status: response.status, body: text.length === 0 ? undefined : JSON.parse(text), bytes: text.length };
      } catch (error) {
        throw new SourceError({
          source,
          kind: "parse",
          status: response.status,
          message: `${label.name} at ${displayUrl(target)} answered ${response.status} with a body that is not JSON (${describeBody(text, response.headers.get("content-type"))}); is the URL pointing at ${label.name} and not a proxy or login page?`,
          cause: error,
        });
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function timeoutError(target: string, when: string, cause: unknown): SourceError {
    return new SourceError({
      source,
      kind: "timeout",
      message: `${label.name} did not answer ${displayUrl(target)} within ${options.timeoutMs} ms ${when}; it may be overloaded (timeoutMs in sources.${source})`,
      cause,
    });
  }
  function networkError(target: string, cause: unknown): SourceError {
    return new SourceError({ source, kind: "network", message: networkErrorMessage(label, target, cause), cause });
  }
  function tooLarge(target: string, why: string): SourceError {
    return new SourceError({
      source,
      kind: "too_large",
      message: `${label.name} response from ${displayUrl(target)} is larger than the ${maxBytes}-byte limit (${why}); narrow the query (shorter window, fewer series, paging)`,
    });
  }
  function httpError(status: number, target: string, detail: string | undefined, cause: unknown): SourceError {
    return new SourceError({
      source,
      kind: "http",
      status,
      detail,
      message: httpErrorMessage(label, status, target, detail),
      cause,
    });
  }
  function toSourceError(error: unknown, target: string): SourceError {
    if (error instanceof SourceError) return error;
    return networkError(target, error);
  }

  async function withRetries(
    target: string,
    accept: readonly number[],
  ): Promise<{ status: number; body: unknown; bytes: number }> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await semaphore.run(() => attemptOnce(target, accept));
      } catch (error) {
        const sourceError = toSourceError(error, target);
        const retryable =
          sourceError.kind === "network" ||
          sourceError.kind === "timeout" ||
          (sourceError.kind === "http" && (sourceError.status ?? 0) >= 500);
        const delay = retryBaseMs * 2 ** attempt * (0.5 + Math.random() / 2);
        if (!retryable || attempt >= retries || Date.now() - started + delay >= budgetMs) throw record(sourceError);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async function get(request: GetRequest): Promise<RawResponse> {
    const accept = request.acceptStatus ?? [];
    const target = url(request.path, request.query);
    const key = `${accept.join(",")} ${target}`;
    const ttl = request.cacheTtlMs ?? defaultTtl;
    const now = Date.now();
    // cacheTtlMs: 0 means "a fresh answer" (health checks): neither read nor write the cache.
    const cached = ttl > 0 ? cache.get(key) : undefined;
    if (cached && cached.expiresAt > now) {
      sourceCalls.inc({ source, served: "cache" });
      return { ...cached.response, served: "cache", latencyMs: 0 };
    }
    if (cached) forget(key);
    const pending = inflight.get(key);
    if (pending) {
      sourceCalls.inc({ source, served: "coalesced" });
      return pending.then((response) => ({ ...response, served: "coalesced" as const }));
    }
    sourceCalls.inc({ source, served: "upstream" });
    const started = performance.now();
    const promise = withRetries(target, accept).then(({ bytes, ...result }): RawResponse => {
      const response: RawResponse = { ...result, latencyMs: performance.now() - started, served: "upstream" };
      // Bounded by entries and by bytes: a cache that grows with traffic would be the leak
      // that takes the dashboard down during the incident it is showing.
      if (ttl > 0 && bytes <= maxCacheBytes / 16) {
        forget(key);
        while (cache.size > 0 && (cache.size >= MAX_CACHE_ENTRIES || cacheBytes + bytes > maxCacheBytes)) {
          const oldest = cache.keys().next();
          if (oldest.done) break;
          forget(oldest.value);
        }
        cache.set(key, { expiresAt: Date.now() + ttl, response, bytes });
        cacheBytes += bytes;
      }
      return response;
    });
    inflight.set(key, promise);
    // Remove the entry whether it succeeded or failed; failures are not cached, the error
    // still reaches every waiting caller through `promise`.
    promise.then(
      () => inflight.delete(key),
      () => inflight.delete(key),
    );
    return promise;
  }

  function forget(key: string): void {
    const entry = cache.get(key);
    if (!entry) return;
    cacheBytes -= entry.bytes;
    cache.delete(key);
  }

  async function getJson<T>(request: GetRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await get(request);
    return parseBody(label, schema, response.body, url(request.path, request.query));
  }

  return {
    source,
    baseUrl,
    get,
    getJson,
    url,
    lastError: () => lastError,
    cacheBytes: () => cacheBytes,
    clearCache: () => {
      cache.clear();
      cacheBytes = 0;
    },
  };
}

/** Validates a body; on mismatch a `parse` SourceError naming the first problems. */
export function parseBody<T>(label: SourceLabel, schema: z.ZodType<T>, body: unknown, target: string): T {
  const { source } = label;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  throw new SourceError({
    source,
    kind: "parse",
    message: `${label.name} at ${displayUrl(target)} sent a response Asyncscope does not understand (${issues}); this version may be unsupported`,
    cause: parsed.error,
  });
}

class BodyTooLarge extends Error {}

async function readBounded(response: Response, limit: number, strict: boolean, abort: () => void): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      abort();
      await reader.cancel().catch(() => undefined); // the stream is already aborted; nothing left to report
      if (strict) throw new BodyTooLarge();
      // An error body past the limit: keep what we have, the status code is the real message.
      chunks.push(value.subarray(0, value.byteLength - (total - limit)));
      break;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Pulls a readable reason out of the error bodies Prometheus, Jaeger and RabbitMQ send. */
export function errorDetail(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, "404 page not found"): show a short plain-text excerpt.
    const plain = text
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    return plain ? plain.slice(0, 200) : undefined;
  }
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  // Prometheus: {status:"error", errorType, error}
  if (str(b.errorType) || b.error) {
    const type = str(b.errorType);
    const message =
      str(b.error) ??
      (b.error && typeof b.error === "object" ? str((b.error as Record<string, unknown>).message) : undefined);
    // RabbitMQ: {error:"not_found", reason:"Object Not Found"}
    const reason = str(b.reason);
    return [type, message, reason].filter(Boolean).join(": ") || undefined;
  }
  // Jaeger v1: {data:null, errors:[{code,msg}]}
  if (Array.isArray(b.errors)) {
    const msgs = b.errors
      .map((e) => (e && typeof e === "object" ? str((e as Record<string, unknown>).msg) : undefined))
      .filter(Boolean);
    if (msgs.length) return msgs.join("; ");
  }
  // Jaeger api_v3 (grpc-gateway): {error:{httpCode,message}} handled above; {code,message}
  return str(b.message);
}

function describeBody(text: string, contentType: string | null): string {
  const kind = contentType ? contentType.split(";")[0] : "no content-type";
  return `${kind}, ${text.length} characters, starts with ${JSON.stringify(text.slice(0, 40))}`;
}

function splitCredentials(options: HttpSourceOptions): { baseUrl: string; authorization?: string } {
  const parsed = new URL(options.baseUrl);
  let username = options.username;
  let password = options.password;
  // fetch refuses URLs with userinfo; move it to a header so it is sent but never shown.
  if (parsed.username || parsed.password) {
    username ??= decodeURIComponent(parsed.username);
    password ??= decodeURIComponent(parsed.password);
    parsed.username = "";
    parsed.password = "";
  }
  const baseUrl = parsed.toString().replace(/\/+$/, "");
  if (options.bearerToken) return { baseUrl, authorization: `Bearer ${options.bearerToken}` };
  if (username !== undefined)
    return { baseUrl, authorization: `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}` };
  return { baseUrl };
}

function createSemaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      // A released slot is handed straight to the next waiter, so a newcomer cannot slip in
      // between and push the count past the limit.
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}

export { causeCode };

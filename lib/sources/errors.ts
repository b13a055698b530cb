// The one error type source adapters throw. Route handlers and the evaluator map it once.
// Messages are written for the person on call: what failed, and what to check. They never
// contain credentials (URLs are shown without userinfo or query string).
import type { SourceName } from "@/lib/domain/source";

export type SourceErrorKind = "http" | "parse" | "network" | "timeout" | "too_large";

/** How messages name a source, and what to check when it rejects our credentials. */
export interface SourceLabel {
  source: SourceName;
  /** "Prometheus", "RabbitMQ". */
  name: string;
  /** Variable names follow asyncscope.example.yaml. */
  authHint: string;
}

const KNOWN: Record<string, Omit<SourceLabel, "source">> = {
  prometheus: {
    name: "Prometheus",
    authHint: "check sources.prometheus username/password or bearerToken (e.g. PROMETHEUS_TOKEN)",
  },
  jaeger: { name: "Jaeger", authHint: "check sources.jaeger username/password or bearerToken (e.g. JAEGER_TOKEN)" },
  // The logs client passes its store's own name ("VictoriaLogs", "Loki"); this is the fallback.
  logs: { name: "the log store", authHint: "check sources.logs username/password or bearerToken (e.g. LOGS_TOKEN)" },
};

/** The label of `source`: Prometheus's, Jaeger's and the log store's are known here; a broker adapter gives its own. */
export function sourceLabel(source: SourceName, given?: Omit<SourceLabel, "source">): SourceLabel {
  const known = given ?? KNOWN[source];
  return {
    source,
    name: known?.name ?? source,
    authHint: known?.authHint ?? `check the credentials in sources.${source}`,
  };
}

export class SourceError extends Error {
  readonly source: SourceName;
  readonly kind: SourceErrorKind;
  readonly status?: number;
  /** What the upstream said about the failure (e.g. Prometheus `bad_data: parse error…`). */
  readonly detail?: string;

  constructor(init: {
    source: SourceName;
    kind: SourceErrorKind;
    message: string;
    status?: number;
    detail?: string;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = "SourceError";
    this.source = init.source;
    this.kind = init.kind;
    this.status = init.status;
    this.detail = init.detail;
  }

  /** A JSON-safe view for API responses and the /sources page (no cause, no stack). */
  toJSON(): { source: SourceName; kind: SourceErrorKind; status?: number; message: string } {
    return { source: this.source, kind: this.kind, status: this.status, message: this.message };
  }
}

/**
 * The status a route handler answers when a source failed: 504 when the source was too slow,
 * 502 for every other upstream failure (the request was fine, the upstream was not).
 */
export function gatewayStatus(error: SourceError): 502 | 504 {
  return error.kind === "timeout" ? 504 : 502;
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}

/** A URL safe to show: origin + path, no userinfo, no query (queries can carry tokens). */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // Not a URL we can parse: show nothing of it rather than risk echoing a secret.
    return "(invalid URL)";
  }
}

export function httpErrorMessage(label: SourceLabel, status: number, url: string, detail?: string): string {
  const { source, name, authHint } = label;
  const where = displayUrl(url);
  const said = detail ? ` (${name} said: ${detail})` : "";
  if (status === 401) return `401 from ${name} at ${where}: ${authHint}${said}`;
  if (status === 403)
    return `403 from ${name} at ${where}: the credentials are valid but not allowed here; ${authHint}${said}`;
  if (status === 404)
    return `404 from ${name} at ${where}: the endpoint or object does not exist; check the URL in sources.${source} and the ${name} version${said}`;
  if (status === 429)
    return `429 from ${name} at ${where}: ${name} is rate-limiting us; raise the refresh interval or the cache TTL${said}`;
  if (status >= 500)
    return `${status} from ${name} at ${where}: ${name} is failing or overloaded; check its logs${said}`;
  return `${status} from ${name} at ${where}${said || ": the request was rejected"}`;
}

export function networkErrorMessage(label: SourceLabel, url: string, cause: unknown): string {
  const { source, name } = label;
  const code = causeCode(cause);
  const where = displayUrl(url);
  if (code === "ECONNREFUSED")
    return `${name} refused the connection at ${where}: is it running, and is the URL in sources.${source} right?`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `${name} host not found for ${where}: check the host name in sources.${source}`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET")
    return `${name} closed the connection at ${where} before answering (${code})`;
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT"))
    return `TLS error talking to ${name} at ${where} (${code}): check the certificate or use the right scheme`;
  const reason = code ?? innermostMessage(cause);
  return `Could not reach ${name} at ${where}${reason ? ` (${reason})` : ""}`;
}

function innermostMessage(error: unknown): string | undefined {
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** Node's fetch wraps the socket error in `cause`; find its code. */
export function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

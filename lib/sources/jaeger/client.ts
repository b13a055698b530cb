import "server-only";
import type { JaegerConfig } from "@/lib/config/schema";
import type { SourceHealth } from "@/lib/domain/source";
import type { Trace, TraceSearch } from "@/lib/domain/trace";
import { SourceError, sourceLabel } from "../errors";
import { createHttpSource, parseBody, type HttpSource, type HttpSourceOptions, type Query } from "../http";
import { probeHealth } from "../health";
import { otlpToTraces } from "./map-otlp";
import { v1ToTrace } from "./map-v1";
import { otlpTracesSchema, v1ServicesEnvelopeSchema, v1TracesEnvelopeSchema, v3ServicesSchema } from "./schemas";

const JAEGER = sourceLabel("jaeger");

export type JaegerApi = "v3" | "v1";

export interface TraceSearchResult {
  traces: Trace[];
  /** Server-side problems (v1 `errors`), never dropped. */
  warnings: string[];
  api: JaegerApi;
}

export interface JaegerSource {
  readonly name: "jaeger";
  /** Which API this server speaks (api_v3 preferred), probed once and re-probed after 5 minutes. */
  api(): Promise<JaegerApi>;
  /** Traces of `service` that started in the window. No match is an empty result, not an error. */
  findTraces(search: TraceSearch): Promise<TraceSearchResult>;
  health(): Promise<SourceHealth>;
  readonly http: HttpSource;
}

/** Jaeger refuses unbounded searches; so do we. */
export const MAX_SEARCH_LIMIT = 1_500;
const API_PROBE_TTL_MS = 5 * 60_000;

function goDuration(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : `${Math.round(ms * 1000)}us`;
}

function validateSearch(search: TraceSearch): void {
  if (!(search.end.getTime() > search.start.getTime()))
    throw new RangeError("trace search window must end after it starts");
  if (!Number.isInteger(search.limit) || search.limit < 1)
    throw new RangeError("trace search limit must be a positive integer");
}

/**
 * api_v3 query parameters. Jaeger renamed them to camelCase (query.serviceName) and keeps the
 * snake_case forms as deprecated aliases until v2.20; older servers know only snake_case. We
 * send both spellings of each (servers ignore unknown parameters), so one client works across
 * versions.
 */
export function v3SearchQuery(search: TraceSearch): Query {
  const limit = Math.min(search.limit, MAX_SEARCH_LIMIT);
  const start = search.start.toISOString();
  const end = search.end.toISOString();
  const attributes =
    search.attributes && Object.keys(search.attributes).length ? JSON.stringify(search.attributes) : undefined;
  return {
    "query.serviceName": search.service,
    "query.service_name": search.service,
    "query.operationName": search.operation,
    "query.operation_name": search.operation,
    "query.startTimeMin": start,
    "query.start_time_min": start,
    "query.startTimeMax": end,
    "query.start_time_max": end,
    "query.searchDepth": limit,
    "query.search_depth": limit,
    "query.num_traces": limit,
    "query.durationMin": goDuration(search.minDurationMs),
    "query.duration_min": goDuration(search.minDurationMs),
    "query.durationMax": goDuration(search.maxDurationMs),
    "query.duration_max": goDuration(search.maxDurationMs),
    "query.attributes": attributes,
  };
}

export function v1SearchQuery(search: TraceSearch): Query {
  return {
    service: search.service,
    operation: search.operation,
    start: search.start.getTime() * 1000,
    end: search.end.getTime() * 1000,
    limit: Math.min(search.limit, MAX_SEARCH_LIMIT),
    minDuration: goDuration(search.minDurationMs),
    maxDuration: goDuration(search.maxDurationMs),
    tags: search.attributes && Object.keys(search.attributes).length ? JSON.stringify(search.attributes) : undefined,
  };
}

function notAnApi(error: unknown): boolean {
  // The endpoint is missing (404/405/501), or something that is not the API answered (HTML).
  return (
    error instanceof SourceError &&
    ((error.kind === "http" && [404, 405, 501].includes(error.status ?? 0)) || error.kind === "parse")
  );
}

export function createJaegerSource(cfg: JaegerConfig, deps: Partial<HttpSourceOptions> = {}): JaegerSource {
  const http = createHttpSource({
    source: "jaeger",
    baseUrl: cfg.url,
    timeoutMs: cfg.timeoutMs,
    username: cfg.username,
    password: cfg.password,
    bearerToken: cfg.bearerToken,
    ...deps,
  });
  let probed: { api: Promise<JaegerApi>; atMs: number } | undefined;

  function api(): Promise<JaegerApi> {
    if (probed && Date.now() - probed.atMs < API_PROBE_TTL_MS) return probed.api;
    const attempt = (async (): Promise<JaegerApi> => {
      try {
        await http.getJson({ path: "/api/v3/services" }, v3ServicesSchema);
        return "v3";
      } catch (error) {
        if (!notAnApi(error)) throw error;
        await http.getJson({ path: "/api/services" }, v1ServicesEnvelopeSchema);
        return "v1";
      }
    })();
    probed = { api: attempt, atMs: Date.now() };
    // A failed probe must not stick: the next call probes again.
    attempt.catch(() => {
      if (probed?.api === attempt) probed = undefined;
    });
    return attempt;
  }

  async function findTraces(search: TraceSearch): Promise<TraceSearchResult> {
    validateSearch(search);
    if ((await api()) === "v3") {
      const path = "/api/v3/traces";
      // Quirk: api_v3 answers a search with no match with 404, not an empty list.
      const response = await http.get({ path, query: v3SearchQuery(search), acceptStatus: [404] });
      if (response.status === 404) return { traces: [], warnings: [], api: "v3" };
      const resourceSpans = parseBody(JAEGER, otlpTracesSchema, response.body, http.url(path));
      return { traces: otlpToTraces(resourceSpans).slice(0, search.limit), warnings: [], api: "v3" };
    }
    const body = await http.getJson({ path: "/api/traces", query: v1SearchQuery(search) }, v1TracesEnvelopeSchema);
    return {
      traces: (body.data ?? []).map(v1ToTrace),
      warnings: (body.errors ?? []).map(
        (e) => `Jaeger: ${e.msg ?? "error"}${e.traceID ? ` (trace ${e.traceID})` : ""}`,
      ),
      api: "v1",
    };
  }

  return {
    name: "jaeger",
    http,
    api,
    findTraces,
    health: () =>
      probeHealth(async () => {
        probed = undefined;
        const which = await api();
        const services =
          which === "v3"
            ? ((await http.getJson({ path: "/api/v3/services", cacheTtlMs: 0 }, v3ServicesSchema)).services ?? [])
            : ((await http.getJson({ path: "/api/services", cacheTtlMs: 0 }, v1ServicesEnvelopeSchema)).data ?? []);
        const apiText = which === "v3" ? "api_v3" : "v1 API (no api_v3: an older Jaeger; search may be limited)";
        if (services.length === 0)
          return {
            message: `Jaeger answers (${apiText}) but has no services yet: are the apps exporting traces to it?`,
            version: which === "v3" ? "api_v3" : "v1",
          };
        return {
          message: `Jaeger answers (${apiText}), ${services.length} service${services.length === 1 ? "" : "s"}`,
          version: which === "v3" ? "api_v3" : "v1",
        };
      }),
  };
}

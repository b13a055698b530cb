import "server-only";
import type { SeriesResult } from "@/lib/domain/series";
import type { SourceHealth } from "@/lib/domain/source";
import type { PrometheusConfig } from "@/lib/config/schema";
import { SourceError } from "../errors";
import { createHttpSource, type HttpSource, type HttpSourceOptions, type Query } from "../http";
import { probeHealth } from "../health";
import { toSeriesResult } from "./map";
import { buildInfoResponseSchema, queryResponseSchema } from "./schemas";
import { chooseStep } from "./step";

export interface RangeOptions {
  start: Date;
  end: Date;
  /** Chart width in pixels: bounds the number of points (default 600). */
  widthPx?: number;
  /** Never step below this (e.g. the scrape interval; default 1 s). */
  minStepSeconds?: number;
}

export interface PrometheusSource {
  readonly name: "prometheus";
  /** Instant query; `time` defaults to the server's now. */
  query(expr: string, opts?: { time?: Date }): Promise<SeriesResult>;
  /** Range query with a step chosen from the window and the chart width; the window is aligned to the step. */
  queryRange(expr: string, opts: RangeOptions): Promise<SeriesResult>;
  health(): Promise<SourceHealth>;
  readonly http: HttpSource;
}

type Envelope = { status: string; errorType?: string; error?: string; warnings?: string[]; infos?: string[] };

/** The client needs only where and how to ask; freshness settings are read by the evaluator. */
export function createPrometheusSource(
  cfg: Omit<PrometheusConfig, "scrapeInterval" | "staleAfter">,
  deps: Partial<HttpSourceOptions> = {},
): PrometheusSource {
  const http = createHttpSource({
    source: "prometheus",
    baseUrl: cfg.url,
    timeoutMs: cfg.timeoutMs,
    username: cfg.username,
    password: cfg.password,
    bearerToken: cfg.bearerToken,
    ...deps,
  });
  // Ask Prometheus to give up server-side a little before we do, so an abandoned query does
  // not keep burning its CPU.
  const serverTimeout = `${Math.max(1, Math.floor((cfg.timeoutMs * 0.9) / 1000))}s`;

  function unwrap<T extends Envelope & { data?: unknown }>(body: T, path: string): NonNullable<T["data"]> {
    if (body.status === "error" || body.data === undefined) {
      const detail = [body.errorType, body.error].filter(Boolean).join(": ") || "no data in the response";
      throw new SourceError({
        source: "prometheus",
        kind: "http",
        status: 200,
        detail,
        message: `Prometheus rejected ${path}: ${detail}`,
      });
    }
    return body.data as NonNullable<T["data"]>;
  }

  async function runQuery(path: string, expr: string, query: Query, stepSeconds?: number): Promise<SeriesResult> {
    const body = await http.getJson(
      { path, query: { query: expr, ...query, timeout: serverTimeout } },
      queryResponseSchema,
    );
    return toSeriesResult(unwrap(body, path), { query: expr, warnings: body.warnings, infos: body.infos, stepSeconds });
  }

  return {
    name: "prometheus",
    http,
    query: (expr, opts = {}) =>
      runQuery("/api/v1/query", expr, { time: opts.time ? opts.time.getTime() / 1000 : undefined }),
    async queryRange(expr, opts) {
      const step = chooseStep({
        startMs: opts.start.getTime(),
        endMs: opts.end.getTime(),
        widthPx: opts.widthPx,
        minStepS: opts.minStepSeconds,
      });
      return runQuery(
        "/api/v1/query_range",
        expr,
        { start: step.startS, end: step.endS, step: step.stepS },
        step.stepS,
      );
    },
    health: () =>
      probeHealth(async () => {
        const body = await http.getJson({ path: "/api/v1/status/buildinfo", cacheTtlMs: 0 }, buildInfoResponseSchema);
        const info = unwrap(body, "/api/v1/status/buildinfo");
        return { message: `Prometheus ${info.version} answers`, version: info.version };
      }),
  };
}

import "server-only";
// NATS JetStream's background sampler (lib/sources/sampler.ts): /jsz?consumers=true&config=true
// and /varz (for the server's name) of the monitoring endpoint, exposed under
// prometheus-nats-exporter's -jsz names (exporter-series.ts). Every account the endpoint shows
// (or sources.nats.account's only). Nothing cached: each sample is a fresh read.
import type { HttpSourceOptions } from "../http";
import type { BrokerSampler } from "../sampler";
import { natsMonitorHttp } from "./client";
import type { NatsConfig } from "./config";
import { JSZ_EXPORTER_FAMILIES, jszExporterSeries } from "./exporter-series";
import { jszWireSchema, varzWireSchema } from "./schemas";
import { displayUrl } from "../errors";

export function createNatsSampler(
  cfg: NatsConfig,
  deps: Partial<HttpSourceOptions> & { now?: () => number } = {},
): BrokerSampler {
  const { now = Date.now, ...httpDeps } = deps;
  const http = natsMonitorHttp(cfg, httpDeps);
  return {
    broker: "nats",
    // The one rule for showing a source URL: no user info, no query (a token may sit there).
    source: displayUrl(cfg.monitorUrl).replace(/\/$/, ""),
    families: JSZ_EXPORTER_FAMILIES,
    async sample() {
      // One after the other, so a failing server is reported by one request's error, always the same.
      const jsz = await http.getJson(
        { path: "/jsz", query: { consumers: true, config: true, acc: cfg.account }, cacheTtlMs: 0 },
        jszWireSchema,
      );
      const varz = await http.getJson({ path: "/varz", cacheTtlMs: 0 }, varzWireSchema);
      return { atMs: now(), series: jszExporterSeries(jsz, varz.server_name ?? "") };
    },
    // Plain HTTP through fetch's shared pool: nothing of its own to close.
    close: async () => http.clearCache(),
  };
}

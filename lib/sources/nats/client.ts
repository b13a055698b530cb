import "server-only";
// The NATS server's HTTP monitoring endpoint: /jsz for streams and consumers, /varz for the
// health probe. One request per evaluation whatever the number of destinations (filtered by
// account when sources.nats.account is set).
import type { SourceHealth } from "@/lib/domain/source";
import { createHttpSource, type HttpSource, type HttpSourceOptions } from "../http";
import { probeHealth } from "../health";
import { NATS_LABEL, type NatsConfig } from "./config";
import { toJszReading } from "./map";
import type { JszReading } from "./model";
import { jszWireSchema, varzWireSchema } from "./schemas";

export interface NatsSource {
  readonly name: "nats";
  /** Every stream with its consumers and their configs. */
  jsz(): Promise<JszReading>;
  health(): Promise<SourceHealth>;
  readonly http: HttpSource;
}

/** The monitoring endpoint's HTTP client, as sources.nats configures it (the adapter's and the sampler's). */
export function natsMonitorHttp(cfg: NatsConfig, httpDeps: Partial<HttpSourceOptions> = {}): HttpSource {
  return createHttpSource({
    source: "nats",
    label: NATS_LABEL,
    baseUrl: cfg.monitorUrl,
    timeoutMs: cfg.timeoutMs,
    username: cfg.username,
    password: cfg.password,
    ...httpDeps,
  });
}

export function createNatsSource(
  cfg: NatsConfig,
  deps: Partial<HttpSourceOptions> & { now?: () => number } = {},
): NatsSource {
  const { now = Date.now, ...httpDeps } = deps;
  const http = natsMonitorHttp(cfg, httpDeps);
  const jszQuery = { consumers: true, config: true, acc: cfg.account };
  return {
    name: "nats",
    http,
    async jsz() {
      const body = await http.getJson({ path: "/jsz", query: jszQuery }, jszWireSchema);
      return toJszReading(body, now());
    },
    health: () =>
      probeHealth(async () => {
        const varz = await http.getJson({ path: "/varz", cacheTtlMs: 0 }, varzWireSchema);
        const jsz = await http.getJson({ path: "/jsz", cacheTtlMs: 0 }, jszWireSchema);
        const where = varz.server_name ? ` (${varz.server_name})` : "";
        if (jsz.disabled || jsz.config === undefined)
          return {
            message: `NATS ${varz.version}${where} answers, but JetStream is not enabled on it`,
            version: varz.version,
            degraded: true,
          };
        return { message: `NATS ${varz.version}${where} answers, JetStream enabled`, version: varz.version };
      }),
  };
}

// The lab's single source of ports, paths and names. Every other lab module reads its
// settings from here, so an env var changes one place (see docs/lab.md for the table).
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..");
export const labDir = path.resolve(process.env.LAB_DIR ?? path.join(repoRoot, ".lab"));

/**
 * Every lab port read so far, default → the port in use: lab/example-config.ts moves the example
 * config's URLs along when a second lab runs beside the first on other ports.
 */
export const portsMovedFromDefault = new Map<number, number>();

export function port(name: string, fallback: number): number {
  const raw = process.env[name];
  let n = fallback;
  if (raw !== undefined && raw !== "") {
    n = Number(raw);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) {
      throw new Error(`${name}=${raw} is not a TCP port`);
    }
  }
  portsMovedFromDefault.set(fallback, n);
  return n;
}

export const host = "127.0.0.1";

export const ports = {
  amqp: port("LAB_AMQP_PORT", 5672),
  rabbitManagement: port("LAB_RABBITMQ_MANAGEMENT_PORT", 15672),
  rabbitPrometheus: port("LAB_RABBITMQ_PROMETHEUS_PORT", 15692),
  rabbitDist: port("LAB_RABBITMQ_DIST_PORT", 25672),
  // Not the default 4369: any rabbitmqctl/erl call on the host starts a system epmd there.
  epmd: port("LAB_EPMD_PORT", 14369),
  prometheus: port("LAB_PROMETHEUS_PORT", 9090),
  jaegerQuery: port("LAB_JAEGER_QUERY_PORT", 16686),
  jaegerQueryGrpc: port("LAB_JAEGER_QUERY_GRPC_PORT", 16685),
  otlpGrpc: port("LAB_OTLP_GRPC_PORT", 4317),
  otlpHttp: port("LAB_OTLP_HTTP_PORT", 4318),
  // Jaeger's own collector telemetry defaults to 8888, a popular port; keep it apart.
  jaegerInternalMetrics: port("LAB_JAEGER_INTERNAL_METRICS_PORT", 18888),
  jaegerSpanMetrics: port("LAB_JAEGER_SPANMETRICS_PORT", 18889),
  orderService: port("LAB_ORDER_SERVICE_PORT", 9410),
  notificationMetrics: port("LAB_NOTIFICATION_METRICS_PORT", 9411),
  inventoryMetrics: port("LAB_INVENTORY_METRICS_PORT", 9412),
  websiteCounterMetrics: port("LAB_WEBSITE_COUNTER_METRICS_PORT", 9413),
  victoriaLogs: port("LAB_VICTORIALOGS_PORT", 9428),
  alertmanager: port("LAB_ALERTMANAGER_PORT", 9093),
  // Alertmanager's cluster gossip is switched off (--cluster.listen-address=), so no 9094.
  alertSink: port("LAB_ALERT_SINK_PORT", 9420),
  // The broker sampler (lab/sampler.ts): Kafka's and JetStream's series under the exporters' names.
  sampler: port("LAB_SAMPLER_PORT", 19308),
} as const;

export const rabbit = {
  nodeName: process.env.LAB_RABBITMQ_NODENAME ?? "asyncscope-lab@localhost",
  user: "guest",
  password: "guest",
  vhost: "/",
  amqpUrl: `amqp://guest:guest@${host}:${ports.amqp}`,
  managementUrl: `http://${host}:${ports.rabbitManagement}`,
};

export const urls = {
  prometheus: `http://${host}:${ports.prometheus}`,
  jaeger: `http://${host}:${ports.jaegerQuery}`,
  otlpHttp: `http://${host}:${ports.otlpHttp}`,
  orderService: `http://${host}:${ports.orderService}`,
  victoriaLogs: `http://${host}:${ports.victoriaLogs}`,
  alertmanager: `http://${host}:${ports.alertmanager}`,
  alertSink: `http://${host}:${ports.alertSink}`,
  /**
   * The Asyncscope the lab alerts into and scrapes asyncscope_check_status from: the e2e-lab
   * server (tests/e2e-lab) when it runs; while none does, its scrape is down and the rule on
   * Asyncscope's own state fires, as it should.
   */
  asyncscope: process.env.LAB_ASYNCSCOPE_URL ?? `http://${host}:3101`,
};

/**
 * The bearer token Alertmanager sends with its webhooks (the lab's, like guest/guest): the
 * e2e-lab server is started with ASYNCSCOPE_ALERTMANAGER_TOKEN set to it.
 */
export const alertToken = process.env.LAB_ALERTMANAGER_TOKEN ?? "lab-alertmanager-token";

export const paths = {
  lab: labDir,
  bin: path.join(labDir, "bin"),
  jaegerBin: process.env.LAB_JAEGER_BIN ?? path.join(labDir, "bin", "jaeger"),
  jaegerModule: path.join(repoRoot, "lab", "jaeger"),
  /** `go install` puts victoria-logs here (GOBIN). */
  victoriaLogsBin: process.env.LAB_VICTORIALOGS_BIN ?? path.join(labDir, "bin", "victoria-logs"),
  victoriaLogs: path.join(labDir, "victorialogs"),
  pids: path.join(labDir, "pids"),
  logs: path.join(labDir, "logs"),
  rabbit: path.join(labDir, "rabbitmq"),
  prometheus: path.join(labDir, "prometheus"),
  jaeger: path.join(labDir, "jaeger"),
  faults: path.join(labDir, "faults.json"),
  alertmanager: path.join(labDir, "alertmanager"),
  alertRules: path.join(labDir, "prometheus", "rules", "asyncscope.yml"),
};

/** Prometheus scrape interval; short so that a test sees a fault within seconds. */
export const scrapeIntervalSeconds = Number(process.env.LAB_SCRAPE_INTERVAL_SECONDS ?? 2);

import "server-only";
import type { RabbitConfig } from "@/lib/config/schema";
import type { Binding, BrokerOverview, ConsumerInfo, ExchangeInfo, Page, QueueSnapshot } from "@/lib/domain/broker";
import type { SourceHealth } from "@/lib/domain/source";
import { z } from "zod";
import {
  createHttpSource,
  encodePathSegment as seg,
  parseBody,
  type HttpSource,
  type HttpSourceOptions,
} from "../http";
import { probeHealth } from "../health";
import { toBinding, toConsumerInfo, toExchange, toOverview, toQueueSnapshot } from "./map";
import {
  alarmsWireSchema,
  bindingWireSchema,
  connectionWireSchema,
  consumerWireSchema,
  exchangeWireSchema,
  overviewWireSchema,
  queueWireSchema,
  queuesPageSchema,
} from "./schemas";

/** The management API refuses larger pages. */
export const MAX_PAGE_SIZE = 500;

/**
 * The columns a queue list asks for: everything QueueSnapshot reads and nothing else, which
 * cuts the payload by an order of magnitude on big brokers (backing_queue_status, garbage
 * collection, per-field *_details…). `message_stats` comes whole (columns keep subtrees).
 */
export const QUEUE_COLUMNS = [
  "name",
  "vhost",
  "type",
  "state",
  "durable",
  "messages",
  "messages_ready",
  "messages_unacknowledged",
  "consumers",
  "consumer_utilisation",
  "consumer_capacity",
  "head_message_timestamp",
  "policy",
  "arguments",
  "effective_policy_definition",
  "message_stats",
] as const;

export interface QueueListOptions {
  vhost?: string;
  /** 1-based. */
  page?: number;
  /** At most 500 (default 100). */
  pageSize?: number;
  /** Name filter: a substring, or a regex when `useRegex` (then escape it yourself). */
  name?: string;
  useRegex?: boolean;
  /** Column selection; defaults to QUEUE_COLUMNS. */
  columns?: readonly string[];
}

export interface RabbitSource {
  readonly name: "rabbitmq";
  overview(): Promise<BrokerOverview>;
  /** One page of queues (paged and column-selected, so 10,000 queues stay cheap). */
  queues(opts?: QueueListOptions): Promise<Page<QueueSnapshot>>;
  /** Every queue matching the filter, page by page (pages fetched within the in-flight bound). */
  allQueues(opts?: Omit<QueueListOptions, "page">): Promise<QueueSnapshot[]>;
  /** One queue with consumer_details (each consumer's connection, peer, ack mode, prefetch); undefined on 404. */
  queue(vhost: string, name: string): Promise<QueueSnapshot | undefined>;
  queueBindings(vhost: string, name: string): Promise<Binding[]>;
  bindings(vhost?: string): Promise<Binding[]>;
  exchanges(vhost?: string): Promise<ExchangeInfo[]>;
  consumers(vhost?: string): Promise<ConsumerInfo[]>;
  /** AMQP connection name → the name the client gave itself (connection_name / user_provided_name), in one request. */
  connectionNames(vhost?: string): Promise<Map<string, string>>;
  health(): Promise<SourceHealth>;
  readonly http: HttpSource;
}

export function createRabbitSource(
  cfg: RabbitConfig,
  deps: Partial<HttpSourceOptions> & { now?: () => number } = {},
): RabbitSource {
  const { now = Date.now, ...httpDeps } = deps;
  const http = createHttpSource({
    source: "rabbitmq",
    baseUrl: cfg.managementUrl,
    timeoutMs: cfg.timeoutMs,
    username: cfg.username,
    password: cfg.password,
    ...httpDeps,
  });

  const vhostPath = (base: string, vhost?: string) => (vhost === undefined ? base : `${base}/${seg(vhost)}`);

  async function queues(opts: QueueListOptions = {}): Promise<Page<QueueSnapshot>> {
    const pageSize = Math.min(Math.max(1, opts.pageSize ?? 100), MAX_PAGE_SIZE);
    const body = await http.getJson(
      {
        path: vhostPath("/api/queues", opts.vhost),
        query: {
          page: opts.page ?? 1,
          page_size: pageSize,
          pagination: true,
          name: opts.name,
          use_regex: opts.useRegex ? true : undefined,
          columns: (opts.columns ?? QUEUE_COLUMNS).join(","),
        },
      },
      queuesPageSchema,
    );
    const at = now();
    return {
      items: body.items.map((q) => toQueueSnapshot(q, at)),
      page: body.page,
      pageSize: body.page_size,
      pageCount: body.page_count,
      filteredCount: body.filtered_count,
      totalCount: body.total_count,
    };
  }

  /** Resolves the names clients gave their connections, for the consumers of one queue. */
  async function clientNames(connectionNames: string[], warnings: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    await Promise.all(
      connectionNames.slice(0, 20).map(async (connection) => {
        const response = await http.get({ path: `/api/connections/${seg(connection)}`, acceptStatus: [404] });
        if (response.status === 404) {
          warnings.push(`connection ${connection} closed while the queue was read`);
          return;
        }
        const wire = parseBody("rabbitmq", connectionWireSchema, response.body, http.url("/api/connections/…"));
        const name = wire.client_properties?.connection_name ?? wire.user_provided_name;
        if (name) names.set(connection, name);
      }),
    );
    if (connectionNames.length > 20)
      warnings.push(`${connectionNames.length} consumer connections; client names resolved for the first 20`);
    return names;
  }

  return {
    name: "rabbitmq",
    http,
    async overview() {
      return toOverview(await http.getJson({ path: "/api/overview" }, overviewWireSchema));
    },
    queues,
    async allQueues(opts = {}) {
      const pageSize = opts.pageSize ?? MAX_PAGE_SIZE;
      const first = await queues({ ...opts, page: 1, pageSize });
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, first.pageCount - 1) }, (_, i) => queues({ ...opts, page: i + 2, pageSize })),
      );
      return [first, ...rest].flatMap((p) => p.items);
    },
    async queue(vhost, name) {
      const path = `/api/queues/${seg(vhost)}/${seg(name)}`;
      const response = await http.get({ path, acceptStatus: [404] });
      if (response.status === 404) return undefined;
      const wire = parseBody("rabbitmq", queueWireSchema, response.body, http.url(path));
      const warnings: string[] = [];
      const connections = [
        ...new Set(
          (wire.consumer_details ?? []).flatMap((c) =>
            c.channel_details && !Array.isArray(c.channel_details) && c.channel_details.connection_name
              ? [c.channel_details.connection_name]
              : [],
          ),
        ),
      ];
      const names = connections.length ? await clientNames(connections, warnings) : new Map<string, string>();
      const snapshot = toQueueSnapshot(wire, now(), names);
      if (wire.consumer_details === undefined) warnings.push("the broker sent no consumer_details for this queue");
      return warnings.length ? { ...snapshot, warnings } : snapshot;
    },
    async queueBindings(vhost, name) {
      const body = await http.getJson(
        { path: `/api/queues/${seg(vhost)}/${seg(name)}/bindings` },
        z.array(bindingWireSchema),
      );
      return body.map(toBinding);
    },
    async bindings(vhost) {
      return (await http.getJson({ path: vhostPath("/api/bindings", vhost) }, z.array(bindingWireSchema))).map(
        toBinding,
      );
    },
    async exchanges(vhost) {
      return (await http.getJson({ path: vhostPath("/api/exchanges", vhost) }, z.array(exchangeWireSchema))).map(
        toExchange,
      );
    },
    async consumers(vhost) {
      const body = await http.getJson({ path: vhostPath("/api/consumers", vhost) }, z.array(consumerWireSchema));
      return body.map((c) => toConsumerInfo(c, c.queue?.vhost ?? vhost ?? "", c.queue?.name ?? ""));
    },
    async connectionNames(vhost) {
      const path = vhost === undefined ? "/api/connections" : `/api/vhosts/${seg(vhost)}/connections`;
      const body = await http.getJson(
        { path, query: { columns: "name,user_provided_name,client_properties" } },
        z.array(connectionWireSchema),
      );
      const names = new Map<string, string>();
      for (const c of body) {
        const name = c.client_properties?.connection_name ?? c.user_provided_name;
        if (name) names.set(c.name, name);
      }
      return names;
    },
    health: () =>
      probeHealth(async () => {
        const overview = await http.getJson({ path: "/api/overview", cacheTtlMs: 0 }, overviewWireSchema);
        const version = overview.product_version ?? overview.rabbitmq_version;
        const where = overview.cluster_name ? ` (cluster ${overview.cluster_name})` : "";
        // A resource alarm blocks every publisher: the broker is up but not working.
        const alarms = await http.get({ path: "/api/health/checks/alarms", cacheTtlMs: 0, acceptStatus: [503, 404] });
        if (alarms.status === 503) {
          const reason = alarmsWireSchema.safeParse(alarms.body);
          return {
            message: `RabbitMQ ${version ?? "(version unknown)"}${where} has a resource alarm${reason.success && reason.data.reason ? ` (${reason.data.reason})` : ""}: publishers are blocked until memory or disk is freed`,
            version,
            degraded: true,
          };
        }
        if (overview.disable_stats) {
          return {
            message: `RabbitMQ ${version ?? "(version unknown)"}${where} answers, but management stats are disabled: queue rates will be unknown (use rabbitmq_prometheus)`,
            version,
            degraded: true,
          };
        }
        return { message: `RabbitMQ ${version ?? "(version unknown)"}${where} answers`, version };
      }),
  };
}

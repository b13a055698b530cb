import { z } from "zod";
import type { DestinationConfig } from "@/lib/domain/destination";
import { BROKERS, BROKER_NAMES, type BrokerName, type BrokerSourceConfigs } from "@/lib/sources/brokers";
import { basicAuth, DEFAULT_SCRAPE_INTERVAL_SECONDS, duration, httpUrl, staleAfter, timeoutMs } from "./fields";
import { parseLegacyQueue, type DestinationParse } from "./legacy";
import { logsSourceSchema } from "@/lib/sources/logs/config";

// The schema of asyncscope.yaml. Every object is strict: a misspelt key ("treshold") is
// reported instead of silently falling back to a default, which would hide the mistake
// until the night the threshold mattered. Field docs live in docs/configuration.md. The
// brokers' parts (sources.<broker>, a workflow's destinations) come from their adapters.

const prometheusSource = z.strictObject({
  url: httpUrl,
  timeoutMs,
  ...basicAuth,
  bearerToken: z.string().min(1).optional(),
  /** How often Prometheus scrapes the series Asyncscope reads; staleAfter defaults to 3× this. */
  scrapeInterval: duration.default(DEFAULT_SCRAPE_INTERVAL_SECONDS),
  staleAfter,
});

const jaegerSource = z.strictObject({
  /** Base URL of the Jaeger query service (api_v3 under /api/v3, v1 under /api). */
  url: httpUrl,
  /** Where people open traces; defaults to `url` (Jaeger serves its UI on the query port). */
  uiUrl: httpUrl.optional(),
  timeoutMs,
  ...basicAuth,
  bearerToken: z.string().min(1).optional(),
});

const brokerSources = Object.fromEntries(BROKER_NAMES.map((name) => [name, BROKERS[name].sourceSchema.optional()])) as {
  [K in BrokerName]: z.ZodOptional<(typeof BROKERS)[K]["sourceSchema"]>;
};

const sources = z.strictObject({
  prometheus: prometheusSource.optional(),
  jaeger: jaegerSource.optional(),
  /** The log store (VictoriaLogs, Loki, Elasticsearch/OpenSearch): see docs/sources.md. */
  logs: logsSourceSchema.optional(),
  ...brokerSources,
});

const spanKind = z.enum(["internal", "server", "client", "producer", "consumer"]);

const spanRef = z.strictObject({
  service: z.string().min(1),
  /** The span name as the instrumentation writes it, e.g. "orders publish". */
  span: z.string().min(1),
  kind: spanKind.optional(),
});

const thresholds = z.strictObject({
  /** A destination with waiting messages and no ack for this long is critical. */
  noAckFor: duration.default(300),
  /** Trace completeness below this share (0..1) is critical. */
  completenessBelow: z.number().gt(0).max(1).default(0.95),
  /** Oldest message older than this is a warning. */
  oldestMessageAge: duration.default(120),
  /** A producer span with no consumer span after this long counts as an orphan. */
  orphanGrace: duration.default(30),
  /** Any dead-lettered message growth above this many per minute is a warning. */
  deadLetterPerMinute: z.number().min(0).default(0),
  /** Timestamps disagreeing by more than this are reported as clock skew. */
  clockSkewTolerance: duration.default(1),
  /** A workflow service that logged in the lookback and wrote nothing for this long has gone silent. */
  logSilenceAfter: duration.default(120),
  /** Error and warning lines per minute from one service (in any step of the window) above which they are a burst. */
  logBurstPerMinute: z.number().min(0).default(0),
});

const logs = z.strictObject({
  /**
   * The services whose lines log-findings judges; default: the services of producer and
   * expectedSpans.
   */
  services: z.array(z.string().min(1)).min(1).optional(),
  /**
   * A URL with placeholders {traceId}, {from} and {to} (RFC 3339), {fromMs} and {toMs}
   * (epoch milliseconds). Example: https://logs.example.com/search?q=trace_id:{traceId}
   */
  linkTemplate: z
    .string()
    .min(1)
    .refine((template) => template.includes("{traceId}"), { message: "must contain the {traceId} placeholder" })
    .optional(),
});

/**
 * Replays a recorded evidence bundle instead of asking live sources (the offline demo, and
 * reviewing a recording). The path is relative to the config file.
 */
const replay = z.strictObject({
  bundle: z.string().min(1),
  /** Which workflow of the bundle to show; default: its only one. */
  workflow: z.string().optional(),
});

const workflowId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected lowercase letters, digits and dashes (it becomes a URL segment)");

export type { DestinationConfig };

/** Parses each destination with its broker's schema, reporting issues at their place in the file. */
function parseDestinations(
  parse: (item: unknown) => DestinationParse,
  items: readonly unknown[],
  at: string,
  ctx: z.core.$RefinementCtx<unknown>,
): DestinationConfig[] {
  return items.flatMap((item, index) => {
    const parsed = parse(item);
    if (parsed.success) return [parsed.data];
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [at, index, ...issue.path] } as never);
    return [];
  });
}

const workflow = z
  .strictObject({
    id: workflowId,
    name: z.string().min(1),
    description: z.string().optional(),
    /** Which broker the destinations are on (a key of `sources`); default rabbitmq. */
    broker: z.enum(BROKER_NAMES, { error: `expected one of: ${BROKER_NAMES.join(", ")}` }).default("rabbitmq"),
    /** What producers write to and consumers read from, in the broker's own terms. */
    destinations: z.array(z.unknown()).min(1).optional(),
    /** Deprecated (RabbitMQ only): `destinations` with `queue:` instead of `name:`. */
    queues: z.array(z.unknown()).min(1).optional(),
    /** The span that starts the flow; needed to judge traces. */
    producer: spanRef.optional(),
    /** Spans every complete trace must contain, in the order the work flows. */
    expectedSpans: z.array(spanRef).min(1).optional(),
    /** Prometheus counters that count deliberate drops; any increase is a finding. */
    dropCounters: z.array(z.string().min(1)).default([]),
    thresholds: thresholds.prefault({}),
    logs: logs.optional(),
    replay: replay.optional(),
  })
  .transform(({ queues, destinations: raw, expectedSpans, producer, ...rest }, ctx) => {
    let destinations: DestinationConfig[] = [];
    if (raw && queues) {
      ctx.addIssue({ code: "custom", path: ["queues"], message: "give destinations or queues, not both" });
    } else if (queues) {
      if (rest.broker !== "rabbitmq") {
        ctx.addIssue({
          code: "custom",
          path: ["queues"],
          message: `queues is RabbitMQ's; write destinations for ${rest.broker}`,
        });
      } else {
        destinations = parseDestinations(parseLegacyQueue, queues, "queues", ctx);
      }
    } else if (raw) {
      const schema = BROKERS[rest.broker].destinationSchema;
      destinations = parseDestinations((item) => schema.safeParse(item), raw, "destinations", ctx);
    } else {
      ctx.addIssue({ code: "custom", path: ["destinations"], message: "Required" });
    }
    const keys = new Set<string>();
    for (const d of destinations) {
      if (keys.has(d.ref.key)) {
        ctx.addIssue({ code: "custom", path: ["destinations"], message: `${d.ref.name} is declared twice` });
      }
      keys.add(d.ref.key);
    }
    return {
      ...rest,
      ...(producer ? { producer } : {}),
      destinations,
      expectedSpans: expectedSpans ?? [],
      /** The words people see for this broker's things (queue, topic…). */
      vocabulary: BROKERS[rest.broker].vocabulary,
    };
  });

export const configSchema = z
  .strictObject({
    version: z.literal(1, { error: "expected 1 (the only config version so far)" }),
    sources: sources,
    // An empty list is a valid start: the app then opens on /discover, which proposes workflows
    // from the broker and the traces (docs/discovery.md), instead of refusing to start.
    workflows: z.array(workflow).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.workflows.forEach((wf, index) => {
      const first = seen.get(wf.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["workflows", index, "id"],
          message: `duplicate workflow id "${wf.id}" (also workflows[${first}])`,
        });
      } else {
        seen.set(wf.id, index);
      }
      // With traces to read, the trace checks need to know what a complete trace is.
      if (config.sources.jaeger && !wf.replay) {
        if (!wf.producer) {
          ctx.addIssue({
            code: "custom",
            path: ["workflows", index, "producer"],
            message: "Required when sources.jaeger is configured (the span that starts the flow)",
          });
        }
        if (wf.expectedSpans.length === 0) {
          ctx.addIssue({
            code: "custom",
            path: ["workflows", index, "expectedSpans"],
            message: "Required when sources.jaeger is configured (the spans a complete trace contains)",
          });
        }
      }
    });
  });

export type AsyncscopeConfig = z.output<typeof configSchema> & {
  /** Forms that still load but should be rewritten (config:check prints them, the server logs them). */
  deprecations?: string[];
};
export type WorkflowConfig = AsyncscopeConfig["workflows"][number];
export type SpanRefConfig = z.output<typeof spanRef>;
export type ThresholdsConfig = WorkflowConfig["thresholds"];
export type SourcesConfig = AsyncscopeConfig["sources"];
export type PrometheusConfig = NonNullable<SourcesConfig["prometheus"]>;
export type JaegerConfig = NonNullable<SourcesConfig["jaeger"]>;
export type { LogsSourceConfig } from "@/lib/sources/logs/config";
export type { BrokerSourceConfigs };

/** Keys whose values must be `${VAR}` references in the file (checked before interpolation). */
export const CREDENTIAL_KEYS = new Set(["password", "bearerToken"]);

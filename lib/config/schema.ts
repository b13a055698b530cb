import { z } from "zod";
import { parseDurationSeconds } from "./duration";

// The schema of asyncscope.yaml. Every object is strict: a misspelt key ("treshold") is
// reported instead of silently falling back to a default, which would hide the mistake
// until the night the threshold mattered. Field docs live in docs/configuration.md.

const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
  .transform((url) => url.replace(/\/+$/, ""));

/** A Prometheus-style duration ("30s", "5m", "1h30m"), held as seconds. */
const duration = z.string({ error: "expected a duration such as 30s, 5m or 1h" }).transform((text, ctx) => {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds <= 0) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as 30s, 5m or 1h, got "${text}"` });
    return z.NEVER;
  }
  return seconds;
});

const timeoutMs = z.number().int().min(100).max(120_000).default(5_000);

const basicAuth = {
  /** Filled from `${VAR}` only; see loader.ts (credentials are never literal in the file). */
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
};

const prometheusSource = z.strictObject({
  url: httpUrl,
  timeoutMs,
  ...basicAuth,
  bearerToken: z.string().min(1).optional(),
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

const rabbitmqSource = z.strictObject({
  managementUrl: httpUrl,
  ...basicAuth,
  timeoutMs,
});

const sources = z.strictObject({
  prometheus: prometheusSource.optional(),
  jaeger: jaegerSource.optional(),
  rabbitmq: rabbitmqSource.optional(),
});

const spanKind = z.enum(["internal", "server", "client", "producer", "consumer"]);

const spanRef = z.strictObject({
  service: z.string().min(1),
  /** The span name as the instrumentation writes it, e.g. "orders publish". */
  span: z.string().min(1),
  kind: spanKind.optional(),
});

const queue = z.strictObject({
  name: z.string().min(1),
  vhost: z.string().min(1).default("/"),
  /**
   * Names of the consumers that are allowed on this queue: matched against the AMQP
   * connection name (connection_name client property) or the consuming service's name.
   * Anything else attached to the queue is an unexpected consumer. Empty for a queue nobody
   * should consume, such as a retry queue drained by its TTL.
   */
  consumers: z.array(z.string().min(1)),
});

const thresholds = z.strictObject({
  /** A queue with waiting messages and no ack for this long is critical. */
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
});

const logs = z.strictObject({
  /**
   * A URL with placeholders {traceId}, {from} and {to} (RFC 3339), {fromMs} and {toMs}
   * (epoch milliseconds). Example: https://logs.example.com/search?q=trace_id:{traceId}
   */
  linkTemplate: z
    .string()
    .min(1)
    .refine((template) => template.includes("{traceId}"), { message: "must contain the {traceId} placeholder" }),
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

const workflow = z.strictObject({
  id: workflowId,
  name: z.string().min(1),
  description: z.string().optional(),
  producer: spanRef,
  queues: z.array(queue).min(1),
  /** Spans every complete trace must contain, in the order the work flows. */
  expectedSpans: z.array(spanRef).min(1),
  /** Prometheus counters that count deliberate drops; any increase is a finding. */
  dropCounters: z.array(z.string().min(1)).default([]),
  thresholds: thresholds.prefault({}),
  logs: logs.optional(),
  replay: replay.optional(),
});

export const configSchema = z
  .strictObject({
    version: z.literal(1, { error: "expected 1 (the only config version so far)" }),
    sources: sources,
    workflows: z.array(workflow).min(1, { error: "declare at least one workflow" }),
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
    });
  });

export type AsyncscopeConfig = z.output<typeof configSchema>;
export type WorkflowConfig = AsyncscopeConfig["workflows"][number];
export type QueueConfig = WorkflowConfig["queues"][number];
export type SpanRefConfig = WorkflowConfig["producer"];
export type ThresholdsConfig = WorkflowConfig["thresholds"];
export type SourcesConfig = AsyncscopeConfig["sources"];
export type PrometheusConfig = NonNullable<SourcesConfig["prometheus"]>;
export type JaegerConfig = NonNullable<SourcesConfig["jaeger"]>;
export type RabbitConfig = NonNullable<SourcesConfig["rabbitmq"]>;

/** Keys whose values must be `${VAR}` references in the file (checked before interpolation). */
export const CREDENTIAL_KEYS = new Set(["password", "bearerToken"]);

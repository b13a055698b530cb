import { z } from "zod";
import { basicAuth, httpUrl, timeoutMs } from "@/lib/config/fields";

// sources.logs in asyncscope.yaml: which log store, where, and what its fields are called.
// Field names differ by store and by shipper (OpenTelemetry's `service.name`, ECS's `trace.id`,
// a JSON logger's `trace_id`), so each is configurable with the store's common default.

export const LOG_STORES = ["victorialogs", "loki", "elasticsearch", "opensearch"] as const;
export type LogStoreName = (typeof LOG_STORES)[number];

const fieldName = z.string().min(1);

const fields = z.strictObject({
  /** The trace id (32 hex digits, as W3C trace context writes it). */
  traceId: fieldName.optional(),
  spanId: fieldName.optional(),
  /** The service that wrote the line (a Loki stream label or a field). */
  service: fieldName.optional(),
  level: fieldName.optional(),
  /** The message; Loki's line itself unless a JSON field is named. */
  message: fieldName.optional(),
  /** Elasticsearch/OpenSearch only: the timestamp field. */
  time: fieldName.optional(),
});

export type LogFieldNames = Required<z.output<typeof fields>>;

/** What each store's shippers usually write (OpenTelemetry for VictoriaLogs and Loki, ECS for Elasticsearch). */
export const DEFAULT_FIELDS: Record<LogStoreName, LogFieldNames> = {
  victorialogs: {
    traceId: "trace_id",
    spanId: "span_id",
    service: "service.name",
    level: "level",
    message: "_msg",
    time: "_time",
  },
  loki: {
    traceId: "trace_id",
    spanId: "span_id",
    service: "service_name",
    level: "detected_level",
    message: "",
    time: "",
  },
  elasticsearch: {
    traceId: "trace.id",
    spanId: "span.id",
    service: "service.name",
    level: "log.level",
    message: "message",
    time: "@timestamp",
  },
  opensearch: {
    traceId: "traceId",
    spanId: "spanId",
    service: "resource.attributes.service@name",
    level: "severityText",
    message: "body",
    time: "time",
  },
};

/** The most lines one evaluation may read for its traces (sources.logs.lineLimit's bound). */
export const MAX_LINE_LIMIT = 5000;

export const logsSourceSchema = z
  .strictObject({
    store: z.enum(LOG_STORES, { error: `expected one of: ${LOG_STORES.join(", ")}` }),
    /** Base URL: VictoriaLogs (…:9428), Loki's (…:3100), or the Elasticsearch/OpenSearch cluster. */
    url: httpUrl,
    timeoutMs,
    ...basicAuth,
    bearerToken: z.string().min(1).optional(),
    fields: fields.prefault({}),
    /**
     * VictoriaLogs: a LogsQL filter ANDed to every query (`_stream:{env="prod"}`). Loki: the stream
     * selector every query starts from (`{namespace="shop"}`), required there. Elasticsearch and
     * OpenSearch: unused.
     */
    query: z.string().min(1).optional(),
    /** Loki: how the trace id is matched: a structured-metadata label (Loki 3) or a field of JSON lines. */
    traceIdIn: z.enum(["structured-metadata", "json"]).default("structured-metadata"),
    /** Elasticsearch/OpenSearch: the index or index pattern (`logs-*`), required there. */
    index: z.string().min(1).optional(),
    /**
     * Elasticsearch/OpenSearch: the keyword field the top error/warn messages are counted by, when
     * `fields.message` is a text field (`message.keyword` under dynamic mapping). Default: fields.message.
     */
    messageKeyword: fieldName.optional(),
    /** Lines fetched per evaluation for the traces it looks at (the newest kept). */
    lineLimit: z.number().int().min(10).max(MAX_LINE_LIMIT).default(1000),
  })
  .superRefine((source, ctx) => {
    if (source.store === "loki" && !source.query) {
      ctx.addIssue({
        code: "custom",
        path: ["query"],
        message: 'Required for Loki: the stream selector every query starts from, e.g. {namespace="shop"}',
      });
    }
    if ((source.store === "elasticsearch" || source.store === "opensearch") && !source.index) {
      ctx.addIssue({
        code: "custom",
        path: ["index"],
        message: `Required for ${source.store}: the index or pattern to search, e.g. logs-*`,
      });
    }
  })
  .transform(({ fields: given, ...rest }) => ({
    ...rest,
    fields: { ...DEFAULT_FIELDS[rest.store], ...given } as LogFieldNames,
  }));

export type LogsSourceConfig = z.output<typeof logsSourceSchema>;

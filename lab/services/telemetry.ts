// Shared instrumentation for the lab services: OpenTelemetry tracing (OTLP → Jaeger), a
// prom-client registry served on /metrics, and JSON log lines carrying trace and span ids, written
// to .lab/logs/<service>.log and shipped to VictoriaLogs.
// Call `startTelemetry` before loading amqplib or http (see `instrumented` below).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { context, propagation, ROOT_CONTEXT, trace, type Link, type Span } from "@opentelemetry/api";
import type { ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { AmqplibInstrumentation } from "@opentelemetry/instrumentation-amqplib";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import client from "prom-client";
import { paths, urls } from "../config";
import { readFaults } from "../faults";
import { createLogShipper } from "./log-shipper";

type HrTime = [number, number];

function shiftHrTime([sec, nanos]: HrTime, offsetMs: number): HrTime {
  const total = BigInt(sec) * 1_000_000_000n + BigInt(nanos) + BigInt(Math.round(offsetMs * 1e6));
  return [Number(total / 1_000_000_000n), Number(total % 1_000_000_000n)];
}

/**
 * The clock-skew fault: this service's clock is off by `offsetMs`, so every timestamp it
 * reports (spans, events, logs, the message `timestamp` property) is shifted by that much.
 * Jaeger is configured not to adjust skew, so the shift reaches the query API as-is.
 */
class SkewedClockExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly offsetMs: number,
  ) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const shifted = spans.map(
      (s) =>
        Object.create(s, {
          startTime: { value: shiftHrTime(s.startTime as HrTime, this.offsetMs) },
          endTime: { value: shiftHrTime(s.endTime as HrTime, this.offsetMs) },
          events: { value: s.events.map((e) => ({ ...e, time: shiftHrTime(e.time as HrTime, this.offsetMs) })) },
        }) as ReadableSpan,
    );
    this.inner.export(shifted, done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export interface Telemetry {
  service: string;
  /** Offset of this service's clock in ms (0 unless the clock-skew fault targets it). */
  clockOffsetMs: number;
  now(): Date;
  tracer: ReturnType<typeof trace.getTracer>;
  registry: client.Registry;
  log(level: "debug" | "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>): void;
  /** Flushes the log lines to VictoriaLogs, ends the log file and the trace exporter. */
  shutdown(): Promise<void>;
}

/**
 * OTel patches amqplib and http through `require` hooks. An ESM `import` of either, hoisted
 * above `startTelemetry`, would load the unpatched module; so services take both from here.
 */
export function instrumented() {
  const require = createRequire(import.meta.url);
  return {
    amqp: require("amqplib") as typeof import("amqplib"),
    http: require("node:http") as typeof import("node:http"),
  };
}

export function startTelemetry(service: string): Telemetry {
  const skew = readFaults()["clock-skew"];
  const clockOffsetMs = skew && skew.service === service ? (skew.offsetMs ?? 0) : 0;

  let exporter: SpanExporter = new OTLPTraceExporter({ url: `${urls.otlpHttp}/v1/traces` });
  if (clockOffsetMs !== 0) exporter = new SkewedClockExporter(exporter, clockOffsetMs);

  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => req.url === "/metrics" || req.url === "/healthz",
        // Outgoing HTTP from services is only the OTLP exporter itself; do not trace it.
        ignoreOutgoingRequestHook: () => true,
      }),
      new AmqplibInstrumentation({
        publishHook: (span, info) => {
          const exchange = info.exchange === "" ? "amq.default" : info.exchange;
          // Through the default exchange the routing key *is* the queue; "publish <default>"
          // (the instrumentation's name) would hide where the message went.
          if (info.exchange === "") span.updateName(`publish ${info.routingKey}`);
          span.setAttributes({
            "messaging.system": "rabbitmq",
            "messaging.operation.type": "send",
            "messaging.operation.name": "publish",
            "messaging.destination.name": `${exchange}:${info.routingKey}`,
            "messaging.rabbitmq.destination.routing_key": info.routingKey,
            ...(info.options?.messageId ? { "messaging.message.id": info.options.messageId } : {}),
          });
        },
        consumeHook: (span, info) => {
          // The instrumentation names consumer spans "<queue> process"; semconv 1.26+ says
          // "{operation} {destination}", which is also what Asyncscope's config expects.
          const queue = (span as unknown as { name: string }).name.replace(/ process$/, "");
          span.updateName(`process ${queue}`);
          const { exchange, routingKey } = info.msg.fields;
          span.setAttributes({
            "messaging.system": "rabbitmq",
            "messaging.operation.type": "process",
            "messaging.operation.name": "process",
            "messaging.destination.name": `${exchange}:${routingKey}:${queue}`,
            "messaging.rabbitmq.destination.routing_key": routingKey,
            ...(info.msg.properties.messageId ? { "messaging.message.id": String(info.msg.properties.messageId) } : {}),
          });
          // Semconv: the process span links to the creation context. We keep the parent too,
          // so a checkout shows as one trace in Jaeger; the link also survives re-publishing.
          const producer = trace.getSpanContext(
            propagationExtract(info.msg.properties.headers as Record<string, unknown> | undefined),
          );
          if (producer) span.addLink({ context: producer } satisfies Link);
        },
      }),
    ],
  });
  sdk.start();

  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });

  fs.mkdirSync(paths.logs, { recursive: true });
  // The file stays for debugging (and the lab tests read it); VictoriaLogs gets the same lines.
  const logStream = fs.createWriteStream(path.join(paths.logs, `${service}.log`), { flags: "a" });
  const shipper = createLogShipper({ service, url: urls.victoriaLogs });
  const now = () => new Date(Date.now() + clockOffsetMs);

  const log: Telemetry["log"] = (level, msg, fields = {}) => {
    const sc = trace.getSpan(context.active())?.spanContext();
    const line = {
      time: now().toISOString(),
      level,
      service,
      msg,
      ...(sc ? { trace_id: sc.traceId, span_id: sc.spanId } : {}),
      ...fields,
    };
    const text = JSON.stringify(line);
    logStream.write(text + "\n");
    shipper.push(text);
  };

  return {
    service,
    clockOffsetMs,
    now,
    tracer: trace.getTracer(`asyncscope-lab/${service}`),
    registry,
    log,
    async shutdown() {
      // Both before exit: a service that dies at start-up must still leave its reason in the store.
      await Promise.all([
        shipper.close(),
        sdk.shutdown().catch((err: Error) => console.error(`otel shutdown: ${err.message}`)),
      ]);
      await new Promise<void>((r) => logStream.end(r));
    },
  };
}

function propagationExtract(headers: Record<string, unknown> | undefined) {
  return propagation.extract(ROOT_CONTEXT, headers ?? {});
}

/** Serve `registry` on GET /metrics (and /healthz) at `port`. */
export function serveMetrics(http: typeof import("node:http"), registry: client.Registry, port: number) {
  const server = http.createServer(async (req, res) => {
    if (req.url === "/metrics") {
      res.setHeader("content-type", registry.contentType);
      res.end(await registry.metrics());
    } else if (req.url === "/healthz") {
      res.end("ok\n");
    } else {
      res.statusCode = 404;
      res.end("not found\n");
    }
  });
  server.listen(port, "127.0.0.1");
  return server;
}

export function onShutdown(telemetry: Telemetry, cleanup: () => Promise<void>) {
  let stopping = false;
  const handler = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    telemetry.log("info", `received ${signal}, shutting down`);
    try {
      await cleanup();
    } catch (err) {
      console.error(`cleanup failed: ${(err as Error).message}`);
    }
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on("SIGTERM", () => void handler("SIGTERM"));
  process.on("SIGINT", () => void handler("SIGINT"));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export type { Span };

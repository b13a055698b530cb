import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isClockSkewWarning } from "@/lib/domain/trace";
import { otlpToTraces } from "@/lib/sources/jaeger/map-otlp";
import { v1ToTrace } from "@/lib/sources/jaeger/map-v1";
import { otlpTracesSchema, v1TracesEnvelopeSchema, v3ServicesSchema } from "@/lib/sources/jaeger/schemas";
import { toSeriesResult } from "@/lib/sources/prometheus/map";
import { buildInfoResponseSchema, queryResponseSchema } from "@/lib/sources/prometheus/schemas";
import { toBinding, toConsumerInfo, toQueueSnapshot } from "@/lib/sources/rabbitmq/map";
import {
  bindingWireSchema,
  connectionWireSchema,
  consumerWireSchema,
  overviewWireSchema,
  queueWireSchema,
  queuesPageSchema,
} from "@/lib/sources/rabbitmq/schemas";
import { fixture, fixtureText } from "./support/fixtures";

// Contract tests on responses captured from the lab's real servers (tests/fixtures/lab/README.md).
const L = (name: string) => fixture(`lab/${name}`);

describe("RabbitMQ 3.10.8 captures", () => {
  it("a queue with its consumer: connection, peer, ack mode, prefetch, DLX from arguments", () => {
    const wire = queueWireSchema.parse(L("rabbitmq__queue_with_consumer_order_confirmed.notification.json"));
    const connection = connectionWireSchema.parse(L("rabbitmq__connection_of_consumer.json"));
    const names = new Map([[connection.name, connection.client_properties!.connection_name!]]);
    const q = toQueueSnapshot(wire, 0, names);
    expect(q).toMatchObject({
      vhost: "/",
      name: "order_confirmed.notification",
      type: "classic",
      consumers: { value: 1, from: "management_api" },
    });
    expect(q.deadLetter).toEqual({
      exchange: "orders.dlx",
      routingKey: "order_confirmed.notification.dlq",
      from: "arguments",
      routingKeyFrom: "arguments",
    });
    expect(q.headMessageTimestampS?.value).toBeGreaterThan(1_700_000_000);
    expect(q.rates?.from).toBe("management_api");
    expect(q.consumerDetails).toHaveLength(1);
    expect(q.consumerDetails![0]).toMatchObject({
      clientConnectionName: "notification-service",
      ackRequired: true,
      prefetchCount: 1,
      active: true,
    });
    expect(q.consumerDetails![0]!.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("the retry queue dead-letters to the default exchange", () => {
    const q = toQueueSnapshot(queueWireSchema.parse(L("rabbitmq__queue_retry_default_exchange_dlx.json")), 0);
    expect(q.deadLetter).toEqual({
      exchange: "",
      routingKey: "order_confirmed.notification",
      from: "arguments",
      routingKeyFrom: "arguments",
    });
  });

  it("a DLQ without message_stats has unknown rates", () => {
    const q = toQueueSnapshot(queueWireSchema.parse(L("rabbitmq__queue_dlq_no_consumer.json")), 0);
    expect(q.rates).toBeUndefined();
    expect(q.consumers?.value).toBe(0);
  });

  it("bindings, the column-selected page, consumers and the overview", () => {
    const bindings = z
      .array(bindingWireSchema)
      .parse(L("rabbitmq__queue_bindings_order_confirmed.notification.json"))
      .map(toBinding);
    expect(bindings.map((b) => [b.source, b.routingKey])).toEqual([
      ["", "order_confirmed.notification"],
      ["orders", "order_confirmed"],
    ]);
    const page = queuesPageSchema.parse(L("rabbitmq__queues_page_with_columns.json"));
    expect(page.items.length).toBe(page.filtered_count);
    const consumers = z
      .array(consumerWireSchema)
      .parse(L("rabbitmq__consumers_vhost.json"))
      .map((c) => toConsumerInfo(c, "/", ""));
    expect(consumers.every((c) => c.queue !== "")).toBe(true);
    expect(overviewWireSchema.parse(L("rabbitmq__overview_3.10.8.json"))).toMatchObject({
      product_version: "3.10.8",
      cluster_name: "asyncscope-lab@vm",
    });
  });
});

describe("Jaeger v2.13 captures", () => {
  it("search results: messaging spans, consumers linked to the producer", () => {
    const traces = otlpToTraces(otlpTracesSchema.parse(L("jaeger__apiv3_search_order-service_3_traces.json")));
    expect(traces).toHaveLength(3);
    const spans = traces.flatMap((t) => t.spans);
    const producers = spans.filter((s) => s.kind === "producer");
    const consumers = spans.filter((s) => s.kind === "consumer");
    expect(producers.length).toBeGreaterThan(0);
    expect(consumers.length).toBeGreaterThan(0);
    for (const consumer of consumers) {
      expect(consumer.links.length).toBeGreaterThan(0);
      const target = consumer.links[0]!;
      expect(
        spans.some((s) => s.spanId === target.spanId && s.kind === "producer") ||
          consumer.warnings.length > 0 ||
          target.traceId !== consumer.traceId,
      ).toBe(true);
    }
    expect(producers[0]!.attributes["messaging.system"]).toEqual({ type: "string", value: "rabbitmq" });
  });

  it("the same trace through api_v3 and v1 maps to the same spans", () => {
    const [fromV3] = otlpToTraces(otlpTracesSchema.parse(L("jaeger__apiv3_trace_by_id.json")));
    const fromV1 = v1ToTrace(v1TracesEnvelopeSchema.parse(L("jaeger__v1_trace_by_id.json")).data![0]!);
    const key = (t: typeof fromV1) =>
      t.spans.map((s) => [
        s.spanId,
        s.parentSpanId,
        s.kind,
        s.service,
        s.name,
        s.startUs,
        s.durationUs,
        s.status.code,
        s.links.length,
      ]);
    expect(key(fromV3!)).toEqual(key(fromV1));
    expect(fromV3!.traceId).toBe(fromV1.traceId);
  });

  it("not-found bodies and the missing trace-summaries endpoint", () => {
    expect(L("jaeger__apiv3_search_no_match_404.json")).toEqual({
      error: { httpCode: 404, message: "No traces found" },
    });
    expect(JSON.parse(fixtureText("lab/jaeger__v1_trace_missing_404.txt"))).toMatchObject({
      data: null,
      errors: [{ code: 404, msg: "trace not found" }],
    });
    expect(fixtureText("lab/jaeger__apiv3_trace-summaries_absent_serves_ui_html.html")).toMatch(/^<!DOCTYPE html>/);
    expect(v3ServicesSchema.parse(L("jaeger__apiv3_services.json")).services).toContain("order-service");
  });

  it("Jaeger's own warnings reach the spans (missing parent skips clock-skew adjustment)", () => {
    const traces = otlpToTraces(otlpTracesSchema.parse(L("jaeger__apiv3_search_order-service_3_traces.json")));
    const warnings = traces.flatMap((t) => t.spans.flatMap((s) => s.warnings));
    // Present only when a consumer span arrived without its producer; every one is a clock-skew note.
    expect(warnings.every(isClockSkewWarning)).toBe(true);
  });
});

describe("Prometheus 2.42 captures", () => {
  it("per-queue range series, NaN head timestamps, identity info, buildinfo", () => {
    const range = queryResponseSchema.parse(L("prometheus__query_range_queue_ready.json"));
    const series = toSeriesResult(range.data!, { query: "q" }).series;
    expect(series.map((s) => s.labels.queue).sort()).toEqual([
      "order_confirmed.inventory",
      "order_confirmed.notification",
    ]);
    const nan = toSeriesResult(
      queryResponseSchema.parse(L("prometheus__query_head_message_timestamp_nan.json")).data!,
      { query: "q" },
    );
    expect(nan.series.some((s) => Number.isNaN(s.points[0]!.value))).toBe(true);
    const identity = toSeriesResult(queryResponseSchema.parse(L("prometheus__query_identity_info.json")).data!, {
      query: "q",
    });
    expect(new Set(identity.series.map((s) => s.labels.job))).toEqual(new Set(["rabbitmq", "rabbitmq-per-object"]));
    expect(buildInfoResponseSchema.parse(L("prometheus__buildinfo.json")).data?.version).toBe("2.42.0+ds");
    expect(queryResponseSchema.parse(L("prometheus__query_parse_error_400.json"))).toMatchObject({
      status: "error",
      errorType: "bad_data",
    });
  });
});

import { describe, expect, it } from "vitest";
import { isClockSkewWarning, type AttributeValue } from "@/lib/domain/trace";
import { fixture } from "@/tests/unit/sources/support/fixtures";
import { otlpToTraces } from "./map-otlp";
import { v1ToTrace } from "./map-v1";
import {
  otlpTracesSchema,
  v1TraceSchema,
  v1TracesEnvelopeSchema,
  v3ServicesSchema,
  VALIDATED_VALUE_DEPTH,
} from "./schemas";
import { normalizeId } from "./ids";

const J = (name: string) => fixture(`upstream/jaeger/${name}`);
const otlp = (name: string) => otlpToTraces(otlpTracesSchema.parse(J(name)));
const bareV1 = (name: string) => v1ToTrace(v1TraceSchema.parse(J(name)));

describe("Jaeger v1 contract (upstream samples)", () => {
  it("ui_01: duplicate span ids, references into another trace, int64 as string, warnings", () => {
    const trace = bareV1("jaeger__uimodel_ui_01.json");
    expect(trace.traceId).toBe("00000000000000000000000000000001");
    expect(trace.spans).toHaveLength(5); // the duplicate is kept, not dropped
    expect(trace.warnings).toContain("some trace warning");
    expect(trace.warnings.some((w) => w.startsWith("duplicate span id 0000000000000002: 2 spans"))).toBe(true);

    const tagged = trace.spans.find((s) => s.name === "some-operation" && s.attributes["javascript_limit"]);
    expect(tagged?.attributes["javascript_limit"]).toEqual({ type: "int", value: "9223372036854775222" });
    expect(tagged?.attributes["peer.ipv4"]).toEqual({ type: "int", value: 23456 });
    expect(tagged?.attributes["temperature"]).toEqual({ type: "double", value: 72.5 });
    expect(tagged?.attributes["blob"]).toEqual({ type: "bytes", value: "AAAwOQ==" });
    expect(tagged?.status).toEqual({ code: "error" });
    expect(tagged?.attributes["error"]).toBeUndefined(); // folded into status

    const ref = trace.spans.find((s) => s.name === "reference-test")!;
    expect(ref.parentSpanId).toBe("0000000000000002");
    expect(ref.links).toEqual([
      { traceId: "000000000000000000000000000000ff", spanId: "00000000000000ff", relation: "child_of", attributes: {} },
      {
        traceId: "00000000000000000000000000000001",
        spanId: "0000000000000002",
        relation: "follows_from",
        attributes: {},
      },
    ]);
    expect(ref.warnings).toEqual(["some span warning"]);
    expect(ref.service).toBe("service-y");

    const withLogs = trace.spans.find((s) => s.name === "test-general-conversion")!;
    expect(withLogs.events[0]).toEqual({ timeUs: 1485467191639875, name: "some-event", attributes: {} });
    expect(withLogs.events[1]).toEqual({
      timeUs: 1485467191639875,
      name: "",
      attributes: { x: { type: "string", value: "y" } },
    });
  });

  it("TraceGraph testTrace: non-hex ids kept and reported; producer → consumer via FOLLOWS_FROM; bool as string", () => {
    const trace = bareV1("jaeger-ui__TraceGraph_testTrace.json");
    expect(trace.traceId).toBe("trace-123");
    expect(trace.warnings.some((w) => w.startsWith("ids that are not hex"))).toBe(true);
    const consumer = trace.spans.find((s) => s.spanId === "span-7")!;
    expect(consumer.kind).toBe("consumer");
    expect(consumer.service).toBe("service2");
    // FOLLOWS_FROM in first position is the parent (Jaeger's rule) and stays a link too.
    expect(consumer.parentSpanId).toBe("span-6");
    expect(consumer.links).toEqual([
      { traceId: "trace-123", spanId: "span-6", relation: "follows_from", attributes: {} },
    ]);
    expect(trace.spans.find((s) => s.spanId === "span-6")!.kind).toBe("producer");
    expect(trace.spans.find((s) => s.spanId === "span-2")!.status.code).toBe("error"); // "value":"true" with type bool
  });

  it("v1 envelope with a missing parent: the parent is kept and reported", () => {
    const body = v1TracesEnvelopeSchema.parse(J("jaeger__query_otlp2jaeger-out.json"));
    expect(body.errors).toBeNull();
    const trace = v1ToTrace(body.data![0]!);
    expect(trace.spans.every((s) => s.parentSpanId === "909541b92cf05311")).toBe(true);
    expect(trace.warnings.some((w) => w.includes("has parent 909541b92cf05311, which is not in the trace"))).toBe(true);
    expect(trace.spans[0]!.kind).toBe("server");
    expect(trace.spans[0]!.scope).toEqual({ name: "telemetrygen" });
  });

  it("the same trace read through v1 and through OTLP maps to the same domain trace", () => {
    const fromV1 = v1ToTrace(v1TracesEnvelopeSchema.parse(J("jaeger__query_otlp2jaeger-out.json")).data![0]!);
    const [fromOtlp] = otlp("jaeger__query_otlp2jaeger-in.json");
    expect(fromOtlp).toEqual(fromV1);
  });

  it("a UI-enriched envelope still parses (extra fields ignored), and other UI traces map", () => {
    const body = v1TracesEnvelopeSchema.parse(J("jaeger-ui__oltp2jaeger-multi-out.json"));
    expect(v1ToTrace(body.data![0]!).spans).toHaveLength(4);
    const roots = bareV1("jaeger-ui__TraceStatistics_traceWithMultipleSpansWithTheSameValueInDifferentTags.json");
    expect(roots.spans.filter((s) => s.parentSpanId === undefined)).toHaveLength(4);
    expect(bareV1("jaeger-ui__TraceStatistics_spanAmongEachOtherGroupedAndSpans.json").spans).toHaveLength(17);
  });
});

describe("Jaeger api_v3 contract (upstream samples)", () => {
  it("GetTrace with the result wrapper: kind and error status", () => {
    const [trace] = otlp("jaeger__apiv3_snapshot_GetTrace.json");
    expect(trace!.spans[0]).toMatchObject({
      spanId: "0000000000000002",
      kind: "server",
      status: { code: "error" },
      service: "unknown_service",
    });
    expect(otlp("jaeger__apiv3_snapshot_FindTraces.json")).toHaveLength(1);
  });

  it("bare resourceSpans without the wrapper", () => {
    const traces = otlp("jaeger__integration_example_trace_otlp.json");
    expect(traces).toHaveLength(1);
    expect(traces[0]!.spans).toHaveLength(5);
    expect(new Set(traces[0]!.spans.map((s) => s.service)).size).toBe(3);
  });

  it("two traces, all kinds, links across trace ids, nanoseconds to microseconds", () => {
    const traces = otlp("jaeger__memory_otel_traces_01_otlp.json");
    expect(traces).toHaveLength(2);
    const spans = traces.flatMap((t) => t.spans);
    expect(new Set(spans.map((s) => s.kind))).toEqual(new Set(["server", "client", "producer", "consumer"]));
    const first = spans.find((s) => s.name === "test-general-conversion-2")!;
    expect(first.startUs).toBe(1485467191639875);
    expect(first.durationUs).toBe(5);
    expect(first.links[0]).toMatchObject({
      traceId: "00000000000000010000000000000000",
      spanId: "0000000000000004",
      relation: "follows_from",
    });
    expect(first.attributes["peer.ipv4"]).toEqual({ type: "int", value: 23456 });
    expect(first.events[0]).toMatchObject({
      name: "testing-event",
      attributes: { "event-x": { type: "string", value: "event-y" } },
    });
    expect(first.scope).toEqual({ name: "testing-library-2", version: "1.1.1" });
  });

  it("services (what the health probe counts)", () => {
    expect(v3ServicesSchema.parse(J("jaeger__apiv3_snapshot_GetServices.json")).services).toEqual(["foo"]);
  });

  it("Jaeger's @jaeger@warnings attribute becomes span warnings (clock skew recognised)", () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "orders" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "AAAAAAAAAAAAAAAAAAAAAQ==", // base64, as protojson writes bytes
                  spanId: "AAAAAAAAAAI=",
                  name: "process orders",
                  kind: "SPAN_KIND_CONSUMER",
                  startTimeUnixNano: "1700000000123456789",
                  endTimeUnixNano: "1700000000223456789",
                  attributes: [
                    { key: "big", value: { intValue: "9223372036854775807" } },
                    { key: "ratio", value: { doubleValue: "NaN" } },
                    {
                      key: "@jaeger@warnings",
                      value: {
                        arrayValue: { values: [{ stringValue: "This span's timestamps were adjusted by 1.5ms" }] },
                      },
                    },
                  ],
                  status: { code: "STATUS_CODE_ERROR", message: "boom" },
                },
              ],
            },
          ],
        },
      ],
    };
    const [trace] = otlpToTraces(otlpTracesSchema.parse(body));
    const span = trace!.spans[0]!;
    expect(span.traceId).toBe("00000000000000000000000000000001");
    expect(span.spanId).toBe("0000000000000002");
    expect(span.kind).toBe("consumer");
    expect(span.startUs).toBe(1700000000123456);
    expect(span.attributes["big"]).toEqual({ type: "int", value: "9223372036854775807" });
    expect((span.attributes["ratio"] as { value: number }).value).toBeNaN();
    expect(span.attributes["@jaeger@warnings"]).toBeUndefined();
    expect(span.warnings).toEqual(["This span's timestamps were adjusted by 1.5ms"]);
    expect(isClockSkewWarning(span.warnings[0]!)).toBe(true);
    expect(span.status).toEqual({ code: "error", message: "boom" });
  });

  it("nested attribute values: validated to VALIDATED_VALUE_DEPTH levels, deeper content kept as JSON text", () => {
    // Arrays nested `levels` deep around one int, as an OTLP writer may send them.
    const nestedIn = (levels: number, inner: unknown): unknown =>
      levels === 0 ? inner : { arrayValue: { values: [nestedIn(levels - 1, inner)] } };
    const bodyWith = (value: unknown) => ({
      resourceSpans: [
        { scopeSpans: [{ spans: [{ traceId: "01", spanId: "02", attributes: [{ key: "deep", value }] }] }] },
      ],
    });
    const deepest = (value: unknown): AttributeValue | undefined => {
      let v = otlpToTraces(otlpTracesSchema.parse(bodyWith(value)))[0]!.spans[0]!.attributes["deep"];
      while (v?.type === "array") v = v.value[0];
      return v;
    };
    expect(deepest(nestedIn(VALIDATED_VALUE_DEPTH, { intValue: "7" }))).toEqual({ type: "int", value: 7 });
    expect(deepest(nestedIn(VALIDATED_VALUE_DEPTH + 2, { intValue: "7" }))).toEqual({
      type: "string",
      value: JSON.stringify(nestedIn(1, { intValue: "7" })),
    });
    // Within the validated depth a wrong field still refuses the answer.
    expect(otlpTracesSchema.safeParse(bodyWith(nestedIn(2, { intValue: "seven" }))).success).toBe(false);
  });
});

describe("normalizeId", () => {
  it("pads hex, decodes base64, keeps anything else", () => {
    expect(normalizeId("ABC", 16)).toEqual({ id: "0000000000000abc" });
    expect(normalizeId("0000000000000000e127af99e3b3e074", 16)).toEqual({ id: "e127af99e3b3e074" });
    expect(normalizeId("span-1", 16)).toEqual({ id: "span-1", nonHex: true });
  });
});

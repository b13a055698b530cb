import { describe, expect, it } from "vitest";
import { fixture } from "@/tests/unit/sources/support/fixtures";
import { parseSampleValue, toSeriesResult } from "./map";
import { queryResponseSchema } from "./schemas";

function parse(name: string) {
  return queryResponseSchema.parse(fixture(`upstream/prometheus/${name}`));
}

describe("parseSampleValue", () => {
  it("reads Prometheus' special values", () => {
    expect(parseSampleValue("+Inf")).toBe(Infinity);
    expect(parseSampleValue("-Inf")).toBe(-Infinity);
    expect(parseSampleValue("NaN")).toBeNaN();
    expect(parseSampleValue("1e-3")).toBe(0.001);
    expect(parseSampleValue("")).toBeNaN(); // never silently 0
  });
});

describe("Prometheus contract (upstream samples)", () => {
  it("instant vector from the API docs", () => {
    const body = parse("promdocs__api_v1_query_instant_vector_up.json");
    expect(body.status).toBe("success");
    const result = toSeriesResult(body.data!, { query: "up" });
    expect(result.series).toHaveLength(2);
    expect(result.series[0]!.labels.job).toBe("prometheus");
    expect(result.series[0]!.points).toEqual([{ tsMs: 1435781451781, value: 1 }]);
    expect(result.series[1]!.points[0]!.value).toBe(0);
  });

  it("range matrix from the API docs", () => {
    const body = parse("promdocs__api_v1_query_range_matrix_up.json");
    const result = toSeriesResult(body.data!, { query: "up", stepSeconds: 15 });
    expect(result.series.map((s) => s.points.length)).toEqual([3, 3]);
    expect(result.series[0]!.points[1]!.tsMs).toBe(1435781445781);
    expect(result.stepSeconds).toBe(15);
  });

  it("openapi vector, matrix and scalar examples", () => {
    for (const name of [
      "promopenapi__query_200_vectorResult.json",
      "promopenapi__query_200_matrixResult.json",
      "promopenapi__query_range_200_matrixResult.json",
    ]) {
      const result = toSeriesResult(parse(name).data!, { query: "q" });
      expect(result.series.length).toBeGreaterThan(0);
      for (const s of result.series) for (const p of s.points) expect(Number.isFinite(p.tsMs)).toBe(true);
    }
    const scalar = toSeriesResult(parse("promopenapi__query_200_scalarResult.json").data!, { query: "42" });
    expect(scalar.series).toEqual([{ labels: {}, points: [{ tsMs: 1767436620000, value: 42 }] }]);
  });

  it("native histograms are kept, not turned into zeros", () => {
    const result = toSeriesResult(parse("promopenapi__query_200_histogramResult.json").data!, { query: "h" });
    const series = result.series[0]!;
    expect(series.points).toEqual([]);
    expect(series.histograms?.[0]).toMatchObject({ tsMs: 1767436620000, count: 12.5, sum: 42.1 });
    expect(series.histograms?.[0]?.buckets[1]).toEqual({
      boundaryRule: 0,
      lower: 1,
      upper: 1.414213562373095,
      count: 7.5,
    });
    const range = toSeriesResult(parse("promopenapi__query_range_200_histogramResult.json").data!, { query: "h" });
    expect(range.series[0]!.histograms!.length).toBeGreaterThan(0);
  });

  it("error envelope keeps errorType and error", () => {
    const body = parse("promopenapi__query_and_query_range_default_tsdbNotReady_error.json");
    expect(body).toMatchObject({ status: "error", errorType: "internal", error: "TSDB not ready" });
    expect(body.data).toBeUndefined();
  });

  it("warnings are surfaced (Jaeger's 'warning' status is accepted)", () => {
    const body = parse("jaeger-metricstore__warning_response.json");
    const result = toSeriesResult(body.data!, { query: "q", warnings: body.warnings });
    expect(result.warnings).toEqual(["warning0", "warning1"]);
    expect(result.series).toEqual([]);
  });

  it("Jaeger SPM samples and the empty response", () => {
    const full = toSeriesResult(parse("jaeger-metricstore__service_span_name_datapoint_response.json").data!, {
      query: "q",
    });
    expect(full.series[0]!.labels).toHaveProperty("span_name");
    const empty = toSeriesResult(parse("jaeger-metricstore__empty_response.json").data!, { query: "q" });
    expect(empty.series).toEqual([]);
    const svc = toSeriesResult(parse("jaeger-metricstore__service_datapoint_response.json").data!, { query: "q" });
    expect(svc.series[0]!.labels.service_name).toBeDefined();
  });
});

// Prometheus wire → domain. Pure.
import type { Series, SeriesResult, SamplePoint, NativeHistogramPoint } from "@/lib/domain/series";
import type { Histogram, QueryData } from "./schemas";

/** "1.5" → 1.5; "NaN" → NaN; "+Inf"/"Inf" → Infinity; "-Inf" → -Infinity. Number() misreads "+Inf". */
export function parseSampleValue(text: string): number {
  switch (text) {
    case "+Inf":
    case "Inf":
      return Infinity;
    case "-Inf":
      return -Infinity;
    case "NaN":
      return NaN;
    default: {
      const value = Number(text);
      // An unparseable value becomes NaN, which is what Prometheus would mean by it anyway;
      // the empty string would otherwise read as 0.
      return text.trim() === "" ? NaN : value;
    }
  }
}

/** Float seconds → integer milliseconds (rounded: 1435781451.781 * 1000 is not exact). */
export function toMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

function point([ts, value]: [number, string]): SamplePoint {
  return { tsMs: toMs(ts), value: parseSampleValue(value) };
}

function histogramPoint([ts, h]: [number, Histogram]): NativeHistogramPoint {
  return {
    tsMs: toMs(ts),
    count: parseSampleValue(h.count),
    sum: parseSampleValue(h.sum),
    buckets: (h.buckets ?? []).map(([boundaryRule, lower, upper, count]) => ({
      boundaryRule,
      lower: parseSampleValue(lower),
      upper: parseSampleValue(upper),
      count: parseSampleValue(count),
    })),
  };
}

export function toSeriesResult(
  data: QueryData,
  meta: { query: string; warnings?: string[]; infos?: string[]; stepSeconds?: number },
): SeriesResult {
  const warnings = [...(meta.warnings ?? [])];
  let series: Series[];
  switch (data.resultType) {
    case "vector":
      series = data.result.map((r) =>
        withHistograms({ labels: r.metric, points: r.value ? [point(r.value)] : [] }, r.histogram ? [r.histogram] : []),
      );
      break;
    case "matrix":
      series = data.result.map((r) =>
        withHistograms({ labels: r.metric, points: (r.values ?? []).map(point) }, r.histograms ?? []),
      );
      break;
    case "scalar":
      series = [{ labels: {}, points: [point(data.result)] }];
      break;
    case "string":
      series = [];
      warnings.push(`the query returned a string (${JSON.stringify(data.result[1])}), not numbers`);
      break;
  }
  return {
    series,
    warnings,
    infos: meta.infos ?? [],
    query: meta.query,
    ...(meta.stepSeconds !== undefined ? { stepSeconds: meta.stepSeconds } : {}),
  };
}

function withHistograms(series: Series, histograms: Array<[number, Histogram]>): Series {
  return histograms.length ? { ...series, histograms: histograms.map(histogramPoint) } : series;
}

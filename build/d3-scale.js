// What `victory-vendor/d3-scale` (recharts' copy of d3-scale) resolves to in this app
// (next.config.ts, turbopack.resolveAlias). Recharts imports d3-scale as a namespace so it can
// look a scale up by name (`scale="log"` → scaleLog), which keeps every d3 scale in the chart
// chunk, with d3-time and d3-time-format for the time scales. The app draws number axes on
// linear scales (components/charts/time-series-chart.tsx), and recharts itself needs band and
// point for category axes: those are the real d3 scales, the rest are stand-ins that throw when
// a chart asks for them, naming this file, rather than the chart silently falling back to
// another scale. About 7 KB gzipped off the workflow page's chart chunk. To draw with another
// scale, re-export it from d3-scale here (tests/unit/build/d3-scale.test.ts lists the names).
export { scaleBand, scalePoint, scaleIdentity, scaleLinear, scaleOrdinal, scaleImplicit, tickFormat } from "d3-scale";

function notBundled(name) {
  return function scaleNotBundled() {
    throw new Error(`d3-scale's ${name} is not in this app's client bundle: re-export it in build/d3-scale.js`);
  };
}

export const scaleLog = notBundled("scaleLog");
export const scaleSymlog = notBundled("scaleSymlog");
export const scalePow = notBundled("scalePow");
export const scaleSqrt = notBundled("scaleSqrt");
export const scaleRadial = notBundled("scaleRadial");
export const scaleQuantile = notBundled("scaleQuantile");
export const scaleQuantize = notBundled("scaleQuantize");
export const scaleThreshold = notBundled("scaleThreshold");
export const scaleTime = notBundled("scaleTime");
export const scaleUtc = notBundled("scaleUtc");
export const scaleSequential = notBundled("scaleSequential");
export const scaleSequentialLog = notBundled("scaleSequentialLog");
export const scaleSequentialPow = notBundled("scaleSequentialPow");
export const scaleSequentialSqrt = notBundled("scaleSequentialSqrt");
export const scaleSequentialSymlog = notBundled("scaleSequentialSymlog");
export const scaleSequentialQuantile = notBundled("scaleSequentialQuantile");
export const scaleDiverging = notBundled("scaleDiverging");
export const scaleDivergingLog = notBundled("scaleDivergingLog");
export const scaleDivergingPow = notBundled("scaleDivergingPow");
export const scaleDivergingSqrt = notBundled("scaleDivergingSqrt");
export const scaleDivergingSymlog = notBundled("scaleDivergingSymlog");

// What `victory-vendor/d3-shape` (recharts' copy of d3-shape) resolves to in this app
// (next.config.ts, turbopack.resolveAlias). Recharts' Curve imports every curve it can draw
// (`type="monotone"` → curveMonotoneX…) and its stacking every stack offset, so all of them
// ship. The app's lines are straight (type="linear") and unstacked: those curves and offsets are
// the real ones, the others are stand-ins that throw when a chart draws with them, naming this
// file, rather than drawing something else. About 1.5 KB gzipped off the workflow page's chart
// chunk. To draw with another curve, re-export it here (tests/unit/build/d3-shape.test.ts).
export {
  arc,
  area,
  line,
  pie,
  areaRadial,
  radialArea,
  lineRadial,
  radialLine,
  pointRadial,
  link,
  linkHorizontal,
  linkVertical,
  linkRadial,
  symbol,
  symbolsStroke,
  symbolsFill,
  symbols,
  symbolAsterisk,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolDiamond2,
  symbolPlus,
  symbolSquare,
  symbolSquare2,
  symbolStar,
  symbolTriangle,
  symbolTriangle2,
  symbolWye,
  symbolTimes,
  symbolX,
  curveLinear,
  stack,
  stackOffsetNone,
  stackOrderNone,
  stackOrderAppearance,
  stackOrderAscending,
  stackOrderDescending,
  stackOrderInsideOut,
  stackOrderReverse,
} from "d3-shape";

function notBundled(name) {
  return function shapeNotBundled() {
    throw new Error(`d3-shape's ${name} is not in this app's client bundle: re-export it in build/d3-shape.js`);
  };
}

export const curveBasisClosed = notBundled("curveBasisClosed");
export const curveBasisOpen = notBundled("curveBasisOpen");
export const curveBasis = notBundled("curveBasis");
export const curveBumpX = notBundled("curveBumpX");
export const curveBumpY = notBundled("curveBumpY");
export const curveBundle = notBundled("curveBundle");
export const curveCardinalClosed = notBundled("curveCardinalClosed");
export const curveCardinalOpen = notBundled("curveCardinalOpen");
export const curveCardinal = notBundled("curveCardinal");
export const curveCatmullRomClosed = notBundled("curveCatmullRomClosed");
export const curveCatmullRomOpen = notBundled("curveCatmullRomOpen");
export const curveCatmullRom = notBundled("curveCatmullRom");
export const curveLinearClosed = notBundled("curveLinearClosed");
export const curveMonotoneX = notBundled("curveMonotoneX");
export const curveMonotoneY = notBundled("curveMonotoneY");
export const curveNatural = notBundled("curveNatural");
export const curveStep = notBundled("curveStep");
export const curveStepAfter = notBundled("curveStepAfter");
export const curveStepBefore = notBundled("curveStepBefore");
export const stackOffsetExpand = notBundled("stackOffsetExpand");
export const stackOffsetDiverging = notBundled("stackOffsetDiverging");
export const stackOffsetSilhouette = notBundled("stackOffsetSilhouette");
export const stackOffsetWiggle = notBundled("stackOffsetWiggle");

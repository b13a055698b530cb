import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as d3 from "d3-shape";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(path.join(dir, e.name)) : e.name.endsWith(".tsx") ? [path.join(dir, e.name)] : [],
  );
}

// Recharts' curve type names (`<Line type=…>`, `<Area type=…>`) and stack offsets (`stackOffset=…`)
// that need a d3 curve or offset other than curveLinear / stackOffsetNone.
const CURVE_TYPES =
  /\btype=\{?["'](basis|basisClosed|basisOpen|bump|bumpX|bumpY|linearClosed|monotone|monotoneX|monotoneY|natural|step|stepBefore|stepAfter)["']/g;
const STACK_OFFSETS = /\bstackOffset=\{?["'](expand|silhouette|wiggle|sign|positive)["']/g;

describe("build/d3-shape.js (victory-vendor/d3-shape in the client bundle)", async () => {
  const subset = (await import(path.join(root, "build/d3-shape.js"))) as Record<string, unknown>;

  it("exports every name d3-shape does", () => {
    expect(Object.keys(subset).sort()).toEqual(Object.keys(d3).sort());
  });

  it("has the real line, area, linear curve and stacking, and stand-ins that say what to do for the rest", () => {
    for (const name of [
      "line",
      "area",
      "curveLinear",
      "stack",
      "stackOffsetNone",
      "stackOrderNone",
      "symbol",
      "symbolCircle",
    ])
      expect(subset[name]).toBe((d3 as Record<string, unknown>)[name]);
    const monotone = subset.curveMonotoneX as () => unknown;
    expect(monotone).not.toBe(d3.curveMonotoneX);
    expect(() => monotone()).toThrow(
      /curveMonotoneX is not in this app's client bundle: re-export it in build\/d3-shape\.js/,
    );
  });

  it("no chart in app/ or components/ asks for a curve or stack offset that is left out", () => {
    const asked: string[] = [];
    for (const file of [...tsxFiles(path.join(root, "app")), ...tsxFiles(path.join(root, "components"))]) {
      const text = readFileSync(file, "utf8");
      for (const m of [...text.matchAll(CURVE_TYPES), ...text.matchAll(STACK_OFFSETS)])
        asked.push(`${path.relative(root, file)}: ${m[0]}`);
    }
    expect(asked).toEqual([]);
    // The charts' lines say which curve they use (recharts' default is linear too, but say it).
    expect(readFileSync(path.join(root, "components/charts/time-series-chart.tsx"), "utf8")).toMatch(/type="linear"/);
  });
});

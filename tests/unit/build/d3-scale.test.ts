import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as d3 from "d3-scale";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(path.join(dir, e.name)) : e.name.endsWith(".tsx") ? [path.join(dir, e.name)] : [],
  );
}

describe("build/d3-scale.js (victory-vendor/d3-scale in the client bundle)", async () => {
  const subset = (await import(path.join(root, "build/d3-scale.js"))) as Record<string, unknown>;
  const real = Object.keys(subset).filter((name) => subset[name] === (d3 as Record<string, unknown>)[name]);

  it("exports every name d3-scale does, so recharts' look-up by name answers as before", () => {
    expect(Object.keys(subset).sort()).toEqual(Object.keys(d3).sort());
  });

  it("has the real linear, band and point scales, and stand-ins that say what to do for the rest", () => {
    expect(real).toEqual(expect.arrayContaining(["scaleLinear", "scaleBand", "scalePoint"]));
    const log = subset.scaleLog as () => unknown;
    expect(log).not.toBe(d3.scaleLog);
    expect(() => log()).toThrow(/scaleLog is not in this app's client bundle: re-export it in build\/d3-scale\.js/);
  });

  it("every scale a chart in app/ or components/ asks recharts for is a real one", () => {
    const asked: string[] = [];
    for (const file of [...tsxFiles(path.join(root, "app")), ...tsxFiles(path.join(root, "components"))]) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bscale(?:=\{?|:\s*)["'](\w+)["']/g))
        asked.push(`${path.relative(root, file)}: ${m[1]}`);
    }
    expect(asked.length).toBeGreaterThan(0);
    const missing = asked.filter((a) => {
      const name = a.split(": ")[1]!;
      return name !== "auto" && !real.includes(`scale${name[0]!.toUpperCase()}${name.slice(1)}`);
    });
    expect(missing).toEqual([]);
  });
});

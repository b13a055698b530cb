import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../../..");
const { dedupeBabelHelpers, helperLines } = require(path.join(root, "build/dedupe-babel-helpers.cjs")) as {
  dedupeBabelHelpers: (source: string, file: string) => string;
  helperLines: () => Map<string, string>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith(".js") ? [path.join(dir, e.name)] : [],
  );
}

describe("dedupe-babel-helpers loader (recharts' chart chunk)", () => {
  const known = helperLines();
  const names = new Set(known.values());

  it("knows every helper recharts inlines, byte for byte (else refresh build/babel-helpers.js from recharts' es6 build)", () => {
    const recharts = path.join(root, "node_modules/recharts/es6");
    const seen = new Map<string, number>();
    const unmatched: string[] = [];
    for (const file of jsFiles(recharts)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const name = /^function (\w+)\(/.exec(line)?.[1];
        if (!name || !names.has(name)) continue;
        if (known.get(line) === name) seen.set(name, (seen.get(name) ?? 0) + 1);
        else unmatched.push(`${path.relative(recharts, file)}: ${name}`);
      }
    }
    expect(unmatched).toEqual([]);
    // The helpers that make up the saving are still there to share.
    expect(seen.get("_objectSpread")).toBeGreaterThan(20);
    expect(seen.get("_defineProperty")).toBeGreaterThan(20);
  });

  it("replaces exact copies by one import, keeping every other line where it was", () => {
    const spread = [...known].find(([, n]) => n === "_objectSpread")![0];
    const own = [...known].find(([, n]) => n === "ownKeys")![0];
    const file = path.join(root, "node_modules/recharts/es6/cartesian/Line.js");
    const source = [
      'var _excluded = ["id"];',
      own,
      spread,
      "import * as React from 'react';",
      "export var x = _objectSpread({}, { a: 1 });",
    ].join("\n");
    const out = dedupeBabelHelpers(source, file).split("\n");
    expect(out).toHaveLength(5);
    expect(out[0]).toBe(
      'import { ownKeys, _objectSpread } from "../../../../build/babel-helpers.js"; var _excluded = ["id"];',
    );
    expect(out.slice(1, 3)).toEqual(["", ""]);
    expect(out.slice(3)).toEqual(["import * as React from 'react';", "export var x = _objectSpread({}, { a: 1 });"]);
  });

  it("leaves a helper that differs, and a module without helpers, untouched", () => {
    const other = "function _objectSpread(e) { return Object.assign({}, e); }\nexport var y = 1;";
    expect(dedupeBabelHelpers(other, path.join(root, "node_modules/recharts/es6/x.js"))).toBe(other);
  });

  it("the shared helpers behave as Babel's do", async () => {
    const h = (await import(path.join(root, "build/babel-helpers.js"))) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    const sym = Symbol("s");
    expect(h._objectSpread!({ a: 1 }, { b: 2, [sym]: 3 }, null)).toEqual({ a: 1, b: 2, [sym]: 3 });
    expect(h._objectWithoutProperties!({ a: 1, b: 2, c: 3 }, ["b"])).toEqual({ a: 1, c: 3 });
    expect(h._slicedToArray!(new Set([1, 2, 3]), 2)).toEqual([1, 2]);
    expect(h._extends!({}, { a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../../fixtures");

/** Reads and parses a JSON fixture below tests/fixtures (e.g. "upstream/jaeger/x.json"). */
export function fixture(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(root, relative), "utf8"));
}

export function fixtureText(relative: string): string {
  return readFileSync(path.join(root, relative), "utf8");
}

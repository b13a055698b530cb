// The recorded /jsz answer (tests/fixtures/nats, SOURCES.md says how) for this folder's tests.
import fs from "node:fs";
import path from "node:path";
import { jszWireSchema, type JszWire } from "./schemas";

const dir = path.resolve(import.meta.dirname, "../../../tests/fixtures/nats");

export function recordedJsz(): JszWire {
  return jszWireSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "jsz-consumers-config.json"), "utf8")));
}

export function recordedJszRaw(): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, "jsz-consumers-config.json"), "utf8"));
}

export function fixturePath(file: string): string {
  return path.join(dir, file);
}

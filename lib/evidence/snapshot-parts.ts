import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";

// How a snapshot's bundle is cut into parts that other snapshots can share. Two share links
// of the same window (or of a recording) hold the same traces, series and broker state; only
// the envelope (capturedAt, label) differs. Each large piece becomes a part named by the
// sha-256 of its canonical JSON, so a piece already stored is referenced, not stored again.
// Pure apart from hashing and compression: no database here (snapshot-store.ts does that).

/** Where a part goes in the bundle: keys and array indexes from the top. */
export type PartPath = Array<string | number>;

export interface BundlePart {
  sha256: string;
  /** The canonical JSON of the part (sorted keys). */
  json: string;
}

export interface Manifest {
  version: 1;
  /** The bundle with every part replaced by null (the key stays, so the order of keys too). */
  skeleton: unknown;
  parts: Array<{ path: PartPath; sha256: string }>;
}

export interface SplitBundle {
  manifest: Manifest;
  /** Distinct parts (a part that appears twice in one bundle is listed once). */
  parts: BundlePart[];
  /** Bytes of the bundle as plain JSON, uncompressed. */
  rawBytes: number;
}

/**
 * Pieces smaller than this stay in the manifest: a part costs a row, a reference and a hash,
 * which is not worth it for a few hundred bytes that compress with the rest of the manifest.
 */
export const MIN_PART_BYTES = 1024;

/**
 * JSON with the keys of every object sorted, so the same data hashes the same whichever way
 * it was built (jsonb, which legacy snapshots were read from, reorders keys).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  });
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The places worth sharing in an evidence bundle (lib/sources/recording/format.ts): its
 * sources, and per workflow its config, health and each group of signals (broker state,
 * history series, traces, logs). Any other JSON (a test's `{}`) has none and is all manifest.
 */
function candidatePaths(bundle: unknown): PartPath[] {
  if (!isRecord(bundle)) return [];
  const paths: PartPath[] = [];
  if ("sources" in bundle) paths.push(["sources"]);
  if (!Array.isArray(bundle.workflows)) return paths;
  bundle.workflows.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return;
    for (const key of ["config", "health"]) if (key in entry) paths.push(["workflows", index, key]);
    if (isRecord(entry.signals)) {
      for (const key of Object.keys(entry.signals)) paths.push(["workflows", index, "signals", key]);
    }
  });
  return paths;
}

function parentOf(root: unknown, path: PartPath): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

/**
 * Cuts a bundle into a manifest and parts. `bundle` must be plain JSON (JSON.parse output):
 * the caller normalises it, so what is stored is exactly what JSON would keep.
 */
export function splitBundle(bundle: unknown): SplitBundle {
  const rawBytes = Buffer.byteLength(JSON.stringify(bundle));
  // A copy of the top levels down to the parts' parents; the parts themselves are not copied.
  const skeleton = structuredCopyShallowPath(bundle);
  const refs: Manifest["parts"] = [];
  const parts = new Map<string, BundlePart>();
  for (const path of candidatePaths(bundle)) {
    const parent = parentOf(skeleton, path);
    const key = path[path.length - 1]!;
    const value = parent[key];
    if (value === null || typeof value !== "object") continue;
    const json = canonicalJson(value);
    if (Buffer.byteLength(json) < MIN_PART_BYTES) continue;
    const sha256 = sha256Hex(json);
    parts.set(sha256, { sha256, json });
    refs.push({ path, sha256 });
    parent[key] = null;
  }
  return { manifest: { version: 1, skeleton, parts: refs }, parts: [...parts.values()], rawBytes };
}

/** Copies the objects and arrays a part may hang from (bundle, workflows, entries, signals). */
function structuredCopyShallowPath(bundle: unknown): unknown {
  if (!isRecord(bundle)) return bundle;
  const copy: Record<string, unknown> = { ...bundle };
  if (Array.isArray(bundle.workflows)) {
    copy.workflows = bundle.workflows.map((entry: unknown) => {
      if (!isRecord(entry)) return entry;
      return isRecord(entry.signals) ? { ...entry, signals: { ...entry.signals } } : { ...entry };
    });
  }
  return copy;
}

export class SnapshotPartsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotPartsError";
  }
}

/** Puts the bundle back together; `partJson` gives each part's JSON by its sha-256. */
export function joinBundle(manifest: Manifest, partJson: ReadonlyMap<string, string>, origin: string): unknown {
  const bundle = structuredCopyShallowPath(manifest.skeleton);
  const parsed = new Map<string, unknown>();
  for (const { path, sha256 } of manifest.parts) {
    const json = partJson.get(sha256);
    if (json === undefined) throw new SnapshotPartsError(`${origin}: part ${sha256} (${path.join(".")}) is missing`);
    // A part held twice is parsed once but must not be shared by reference in the result.
    const value = parsed.has(sha256) ? structuredClone(parsed.get(sha256)) : JSON.parse(json);
    parsed.set(sha256, value);
    parentOf(bundle, path)[path[path.length - 1]!] = value;
  }
  return bundle;
}

export function compress(text: string): Buffer {
  return gzipSync(Buffer.from(text, "utf8"));
}

export function decompress(bytes: Uint8Array): string {
  return gunzipSync(bytes).toString("utf8");
}

export function encodeManifest(manifest: Manifest): Buffer {
  return compress(JSON.stringify(manifest));
}

export function decodeManifest(bytes: Uint8Array, origin: string): Manifest {
  const manifest = JSON.parse(decompress(bytes)) as Manifest;
  if (manifest.version !== 1 || !Array.isArray(manifest.parts)) {
    throw new SnapshotPartsError(`${origin}: manifest version ${String(manifest.version)} is not one this reads`);
  }
  return manifest;
}

/** The sha-256 a part's JSON must have; checked on read, so a damaged part is an error, not wrong evidence. */
export function partHash(json: string): string {
  return sha256Hex(json);
}

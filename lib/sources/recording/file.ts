import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { BundleError, readBundle, type EvidenceBundle } from "./format";

// Bundles on disk: plain JSON, or gzip-compressed when the name ends in .gz (recordings
// are mostly repetitive span JSON and shrink about 20×).

export function readBundleFile(file: string): EvidenceBundle {
  let text: string;
  try {
    const raw = readFileSync(/*turbopackIgnore: true*/ file);
    text = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  } catch (error) {
    throw new BundleError(`${file}: cannot read (${error instanceof Error ? error.message : String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BundleError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return readBundle(json, file);
}

export function writeBundleFile(file: string, bundle: EvidenceBundle): number {
  const text = `${JSON.stringify(bundle)}\n`;
  const bytes = file.endsWith(".gz") ? gzipSync(text, { level: 9 }) : Buffer.from(text);
  writeFileSync(file, bytes);
  return bytes.length;
}

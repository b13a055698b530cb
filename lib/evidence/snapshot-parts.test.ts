import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBundleFile } from "@/lib/sources/recording/file";
import {
  canonicalJson,
  decodeManifest,
  encodeManifest,
  joinBundle,
  MIN_PART_BYTES,
  SnapshotPartsError,
  splitBundle,
} from "./snapshot-parts";

// A recorded demo bundle (captured from the lab): what a share link stores.
const recorded = JSON.parse(
  JSON.stringify(readBundleFile(path.resolve(import.meta.dirname, "../../demo/bundles/consumer-crashloop.json.gz"))),
) as { capturedAt: string; label?: string; workflows: Array<{ signals: Record<string, unknown> }> };

const partsOf = (split: ReturnType<typeof splitBundle>) => new Map(split.parts.map((part) => [part.sha256, part.json]));

describe("splitBundle / joinBundle", () => {
  it("gives back the bundle it split, through an encoded manifest", () => {
    const split = splitBundle(recorded);
    const manifest = decodeManifest(encodeManifest(split.manifest), "test");
    expect(joinBundle(manifest, partsOf(split), "test")).toEqual(recorded);
    expect(split.rawBytes).toBe(Buffer.byteLength(JSON.stringify(recorded)));
  });

  it("cuts config, health and each group of signals into parts, leaving the envelope in the manifest", () => {
    const split = splitBundle(recorded);
    const paths = split.manifest.parts.map((part) => part.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["workflows.0.health", "workflows.0.signals.traces"]));
    const skeleton = split.manifest.skeleton as typeof recorded;
    expect(skeleton.capturedAt).toBe(recorded.capturedAt);
    expect(skeleton.workflows[0]!.signals.traces).toBeNull();
    // Nothing small became a part.
    for (const part of split.parts) expect(Buffer.byteLength(part.json)).toBeGreaterThanOrEqual(MIN_PART_BYTES);
  });

  it("names the same data the same way when only the envelope changed", () => {
    const again = { ...recorded, capturedAt: "2030-01-01T00:00:00.000Z", label: "shared again" };
    const first = splitBundle(recorded).parts.map((part) => part.sha256);
    const second = splitBundle(again).parts.map((part) => part.sha256);
    expect(second).toEqual(first);
  });

  it("names a part by its content whatever the order of its keys (jsonb reorders them)", () => {
    const health = { status: "critical", summary: "x".repeat(MIN_PART_BYTES), workflow: { id: "checkout" } };
    const reordered = { workflow: { id: "checkout" }, summary: health.summary, status: "critical" };
    expect(canonicalJson(reordered)).toBe(canonicalJson(health));
    const [a] = splitBundle({ workflows: [{ health }] }).parts;
    const [b] = splitBundle({ workflows: [{ health: reordered }] }).parts;
    expect(b!.sha256).toBe(a!.sha256);
  });

  it("keeps JSON that is no bundle whole in the manifest", () => {
    const split = splitBundle({ verdict: "critical" });
    expect(split.parts).toEqual([]);
    expect(joinBundle(split.manifest, new Map(), "test")).toEqual({ verdict: "critical" });
  });

  it("is an error, not a bundle with a hole, when a part is missing", () => {
    const split = splitBundle(recorded);
    expect(() => joinBundle(split.manifest, new Map(), "snapshot x")).toThrow(SnapshotPartsError);
  });

  it("does not change the bundle it splits", () => {
    const before = canonicalJson(recorded);
    splitBundle(recorded);
    expect(canonicalJson(recorded)).toBe(before);
  });
});

import { describe, expect, it } from "vitest";
import { BundleError, makeBundle, readBundle, type BundleWorkflow } from "./format";

// Factories: the smallest workflow entry the envelope check accepts. (Real captures are
// checked in tests/unit/bundle/demo-bundles.test.ts.)
function workflowEntry(id: string): BundleWorkflow {
  return {
    config: { id, name: id } as BundleWorkflow["config"],
    signals: { version: 2, workflowId: id, window: { fromMs: 0, toMs: 1 } } as unknown as BundleWorkflow["signals"],
    health: { workflow: { id, name: id }, status: "critical" } as BundleWorkflow["health"],
  };
}

function bundle(overrides: Record<string, unknown> = {}) {
  return {
    ...JSON.parse(
      JSON.stringify(
        makeBundle({
          capturedAt: new Date("2026-11-23T14:40:00Z"),
          window: { from: "2026-11-23T14:25:00Z", to: "2026-11-23T14:40:00Z" },
          sources: [],
          workflows: [workflowEntry("checkout")],
        }),
      ),
    ),
    ...overrides,
  };
}

describe("readBundle", () => {
  it("accepts what makeBundle writes, after a JSON round trip", () => {
    expect(readBundle(bundle(), "test.json").workflows[0]?.config.id).toBe("checkout");
  });

  it("says what a file is when it is not a bundle", () => {
    expect(() => readBundle({ hello: "world" }, "x.json")).toThrow(
      /x\.json: format: not an Asyncscope evidence bundle/,
    );
  });

  it("refuses a newer version instead of misreading it", () => {
    expect(() => readBundle(bundle({ version: 3 }), "new.json")).toThrow(
      "bundle version 3 is newer than this Asyncscope reads (2)",
    );
  });

  it("refuses signals of another version than the bundle's", () => {
    expect(() => readBundle(bundle({ version: 1 }), "odd.json")).toThrow(
      "odd.json: workflows[0]: signals of version 2 in a version 1 bundle",
    );
  });

  it("refuses a version-1 entry without version 1's shape, saying where", () => {
    // The envelope is fine; the entry lacks the queues and series a v1 capture always had.
    const v1 = bundle({ version: 1 });
    v1.workflows[0].signals.version = 1;
    expect(() => readBundle(v1, "old.json")).toThrow(BundleError);
    expect(() => readBundle(v1, "old.json")).toThrow(/^old\.json: workflows\[0\]: not a readable version-1 entry \(/);
  });

  it("refuses entries whose parts name different workflows", () => {
    const broken = bundle();
    broken.workflows[0].signals.workflowId = "refunds";
    expect(() => readBundle(broken, "mixed.json")).toThrow(BundleError);
  });
});

import { describe, expect, it } from "vitest";
import { appPathProblem, assertAppPath, InvalidTargetPathError, shareLinkDestination } from "./app-path";

// A share link redirects to its stored path and renders it as a link: only this app's own
// pages may come out, whatever spelling a browser or proxy would resolve to another site.

const OFF_SITE: Array<[string, string]> = [
  ["//evil.com", "starts with //"],
  ["//evil.com/workflows/checkout", "starts with //"],
  ["/\\evil.com", "backslash"],
  ["/workflows/checkout\\..\\..\\evil.com", "backslash"],
  ["/%2F%2Fevil.com", "encoded /"],
  ["/%2f%2fevil.com", "encoded /"],
  ["/%5Cevil.com", "encoded /"],
  ["/workflows/..%2F..%2F%2Fevil.com", "encoded /"],
  ["/workflows/%2e%2e/%2e%2e//evil.com", "encoded /"],
  ["/workflows/../..//evil.com", ". or .. segment"],
  ["javascript:alert(document.cookie)", "scheme"],
  ["JavaScript:alert(1)//workflows/", "scheme"],
  ["https://evil.com/workflows/checkout", "scheme"],
  ["data:text/html,<script>alert(1)</script>", "scheme"],
  ["/\t/evil.com", "control character"],
  ["/workflows/checkout\r\nLocation: https://evil.com", "control character"],
  ["/workflows/checkout\u0000", "control character"],
  ["/workflows/checkout%00", "encoded control character"],
  ["/workflows/check out", "whitespace"],
  ["/workflows/%E0%A4%A", "malformed %-escape"],
  ["evil.com/workflows/checkout", "does not start with /"],
  ["/api/incidents", "does not open a page of this app"],
  ["/workflows", "does not open a page of this app"],
  ["/workflows/", "does not open a page of this app"],
  ["/s/abcdefgh", "does not open a page of this app"],
  ["", "empty"],
  [`/workflows/${"a".repeat(2001)}`, "longer than 2000"],
];

describe("appPathProblem", () => {
  it.each(OFF_SITE)("refuses %j (%s)", (path, reason) => {
    expect(appPathProblem(path)).toContain(reason);
    expect(() => assertAppPath(path)).toThrow(InvalidTargetPathError);
  });

  it.each([
    "/workflows/checkout?from=2026-11-23T14%3A03%3A00Z&to=2026-11-23T14%3A50%3A00Z",
    "/workflows/checkout?from=2026-11-23T14:03:00Z&to=2026-11-23T14:50:00Z&trace=4bf92f3577b34da6#traces",
    "/snapshots/9d7e0000-0000-4000-8000-000000000002",
    "/incidents/6f1c2a4e-0000-4000-8000-000000000001",
    // Query values may hold anything encoded: they cannot move the path.
    "/workflows/checkout?note=%2F%2Fevil.com%5C",
  ])("accepts %j", (path) => {
    expect(appPathProblem(path)).toBeUndefined();
    expect(assertAppPath(path)).toBe(path);
  });

  it("says what is wrong and what is allowed", () => {
    expect(() => assertAppPath("//evil.com")).toThrow(
      'share link target "//evil.com" is refused: it starts with //, which browsers read as another host; it must be a path of this app beginning with /workflows/, /snapshots/, /incidents/',
    );
  });
});

describe("shareLinkDestination", () => {
  it("redirects to a safe path, or renders the snapshot with a link to it", () => {
    expect(shareLinkDestination({ targetPath: "/workflows/checkout?from=a&to=b", snapshotId: null })).toEqual({
      kind: "redirect",
      path: "/workflows/checkout?from=a&to=b",
    });
    expect(
      shareLinkDestination({ targetPath: "/workflows/checkout", snapshotId: "9d7e0000-0000-4000-8000-000000000002" }),
    ).toEqual({
      kind: "snapshot",
      snapshotId: "9d7e0000-0000-4000-8000-000000000002",
      livePath: "/workflows/checkout",
    });
  });

  it("encodes characters outside ASCII, so the redirect's Location header can carry them", () => {
    const raw = "/workflows/checkout?note=Zahlungsstörung 決済#panel-depth".replace(" ", "%20");
    expect(() => new Headers({ location: raw })).toThrow(TypeError);
    const stored = assertAppPath(raw);
    expect(stored).toBe("/workflows/checkout?note=Zahlungsst%C3%B6rung%20%E6%B1%BA%E6%B8%88#panel-depth");
    // A row stored raw by an earlier version opens too.
    const followed = shareLinkDestination({ targetPath: raw, snapshotId: null });
    expect(followed).toEqual({ kind: "redirect", path: stored });
    expect(new Headers({ location: stored }).get("location")).toBe(stored);
  });

  it.each(OFF_SITE)("neither redirects to nor links a stored %j", (targetPath) => {
    for (const snapshotId of [null, "9d7e0000-0000-4000-8000-000000000002"]) {
      expect(shareLinkDestination({ targetPath, snapshotId }).kind).toBe("refused");
    }
  });
});

import { describe, expect, it } from "vitest";
import { InvalidIncidentChangeError, resolvedAtAfter, type StoredIncident } from "./lifecycle";

const startedAt = new Date("2026-11-23T14:03:00Z");
const now = new Date("2026-11-23T15:00:00Z");
const open: StoredIncident = { status: "monitoring", startedAt, resolvedAt: null };
const resolved: StoredIncident = { status: "resolved", startedAt, resolvedAt: new Date("2026-11-23T14:50:00Z") };

describe("resolvedAtAfter", () => {
  it("stamps now when an incident is resolved without a time, and keeps it on later edits", () => {
    expect(resolvedAtAfter(open, { status: "resolved" }, now)).toEqual(now);
    expect(resolvedAtAfter(resolved, {}, now)).toEqual(resolved.resolvedAt);
    expect(resolvedAtAfter(resolved, { status: "resolved" }, now)).toEqual(resolved.resolvedAt);
  });

  it("takes the time the edit gives", () => {
    const at = new Date("2026-11-23T14:45:00Z");
    expect(resolvedAtAfter(open, { status: "resolved", resolvedAt: at }, now)).toEqual(at);
    expect(resolvedAtAfter(resolved, { resolvedAt: at }, now)).toEqual(at);
  });

  it.each(["investigating", "identified", "monitoring"] as const)(
    "clears resolvedAt when the incident is reopened to %s",
    (status) => {
      expect(resolvedAtAfter(resolved, { status }, now)).toBeNull();
    },
  );

  it("refuses a resolution before the start, whichever way it comes", () => {
    const early = new Date("2026-11-23T14:00:00Z");
    expect(() => resolvedAtAfter(open, { status: "resolved", resolvedAt: early }, now)).toThrow(
      "resolvedAt 2026-11-23T14:00:00.000Z is before the incident started (2026-11-23T14:03:00.000Z)",
    );
    expect(() => resolvedAtAfter(resolved, { resolvedAt: early }, now)).toThrow(InvalidIncidentChangeError);
    // Resolving "now" an incident whose start was entered in the future.
    expect(() =>
      resolvedAtAfter({ ...open, startedAt: new Date("2026-11-24T00:00:00Z") }, { status: "resolved" }, now),
    ).toThrow(/before the incident started/);
  });

  it("refuses a resolvedAt that contradicts the status", () => {
    expect(() => resolvedAtAfter(open, { resolvedAt: now }, now)).toThrow(
      'resolvedAt can only be set on a resolved incident (the status would be "monitoring")',
    );
    expect(() => resolvedAtAfter(resolved, { status: "investigating", resolvedAt: now }, now)).toThrow(
      InvalidIncidentChangeError,
    );
    expect(() => resolvedAtAfter(resolved, { resolvedAt: null }, now)).toThrow(
      "a resolved incident needs a resolvedAt; to reopen it, change its status",
    );
  });
});

import { describe, expect, it } from "vitest";
import { retentionVictims, type RetentionPolicy } from "./retention";

const now = Date.parse("2026-12-31T00:00:00Z");
const daysAgo = (days: number) => new Date(now - days * 86_400_000);
const policy: RetentionPolicy = { unpinnedSnapshotDays: 30, resolvedIncidentDays: 90 };

describe("retentionVictims", () => {
  const snapshots = [
    { id: "old-unpinned", takenAt: daysAgo(31), pinned: false },
    { id: "old-pinned", takenAt: daysAgo(400), pinned: true },
    { id: "young-unpinned", takenAt: daysAgo(29), pinned: false },
  ];
  const incidents = [
    { id: "resolved-long-ago", status: "resolved", resolvedAt: daysAgo(91) },
    { id: "resolved-lately", status: "resolved", resolvedAt: daysAgo(10) },
    { id: "open-old", status: "investigating", resolvedAt: null },
  ];

  it("deletes unpinned snapshots past the cutoff and incidents resolved before theirs, nothing else", () => {
    expect(retentionVictims({ snapshots, incidents }, policy, now)).toEqual({
      snapshotIds: ["old-unpinned"],
      incidentIds: ["resolved-long-ago"],
    });
  });

  it("keeps everything a 0 keeps: resolved incidents are kept by default", () => {
    expect(
      retentionVictims({ snapshots, incidents }, { unpinnedSnapshotDays: 0, resolvedIncidentDays: 0 }, now),
    ).toEqual({ snapshotIds: [], incidentIds: [] });
  });
});

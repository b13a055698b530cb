import { describe, expect, it } from "vitest";
import { checkoutTraces, failed, healthySignals, T0 } from "@/lib/analysis/testing";
import { CHART_PANELS, CHECKLIST_STEP_IDS } from "@/lib/view/anchors";
import { CHART_REF, evidenceLink, missingFromSnapshot, parseEvidenceRef } from "./evidence-ref";

const SNAPSHOT = "9d7e0000-0000-4000-8000-000000000002";
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("evidenceLink: where an evidence event's link goes", () => {
  it("opens the whole snapshot when the pin named no item (a whole view)", () => {
    expect(evidenceLink(SNAPSHOT, null)).toEqual({ path: `/snapshots/${SNAPSHOT}` });
  });

  it("lands on a chart panel by its element id", () => {
    expect(evidenceLink(SNAPSHOT, "panel-depth")).toEqual({
      path: `/snapshots/${SNAPSHOT}#panel-depth`,
      target: "chart Queue depth",
    });
  });

  it("lands on any other panel of the page by its id, named as a panel", () => {
    expect(evidenceLink(SNAPSHOT, "panel-consumer-list")).toEqual({
      path: `/snapshots/${SNAPSHOT}#panel-consumer-list`,
      target: "panel panel-consumer-list",
    });
  });

  it("opens a trace with ?trace=, at the traces list where the snapshot page draws it", () => {
    expect(evidenceLink(SNAPSHOT, TRACE)).toEqual({
      path: `/snapshots/${SNAPSHOT}?trace=${TRACE}#panel-trace-list`,
      target: "trace 4bf92f3577b34da6",
    });
  });

  it("lands on a checklist step at the id the checklist renders for it", () => {
    expect(evidenceLink(SNAPSHOT, "async-path")).toEqual({
      path: `/snapshots/${SNAPSHOT}#checklist-async-path`,
      target: "checklist step async-path",
    });
  });

  it("opens the whole snapshot and says so for a stored ref it does not know, never putting it in the URL", () => {
    for (const odd of [
      "consumer:notification",
      "panel-depth#x",
      "javascript:alert(1)",
      TRACE.toUpperCase(),
      `${TRACE}0`,
      "",
    ]) {
      const link = evidenceLink(SNAPSHOT, odd);
      expect(link.path).toBe(`/snapshots/${SNAPSHOT}`);
      expect(link.problem).toMatch(
        /is not a chart, trace or checklist step this version knows; the link opens the whole snapshot/,
      );
    }
  });
});

describe("parseEvidenceRef", () => {
  it("reads every ref the page can pin as exactly one kind (the stored ref alone says which)", () => {
    const refs = [
      ...Object.values(CHART_PANELS).map((panel) => panel.id),
      TRACE,
      "0".repeat(32),
      ...CHECKLIST_STEP_IDS,
    ];
    expect(refs.map((ref) => parseEvidenceRef(ref)?.type)).toEqual([
      "chart",
      "chart",
      "chart",
      "chart",
      "chart",
      "chart",
      "trace",
      "trace",
      "checklist",
      "checklist",
      "checklist",
      "checklist",
    ]);
  });

  it("agrees with the chart rule for every chart panel id", () => {
    for (const panel of Object.values(CHART_PANELS)) expect(panel.id).toMatch(CHART_REF);
  });
});

describe("missingFromSnapshot: whether the snapshot can show the pinned item", () => {
  const window = { fromMs: T0, toMs: T0 + 15 * 60_000 };
  const traces = checkoutTraces({ startMs: T0 + 60_000 });
  const captured = traces[0]!.traceId;

  it("can always show a chart or a checklist step (a failed source is drawn as failed)", () => {
    expect(
      missingFromSnapshot(
        { type: "chart", ref: "panel-depth" },
        healthySignals({ window, traces: failed("jaeger", "connection refused") }),
      ),
    ).toBeUndefined();
    expect(missingFromSnapshot({ type: "checklist", ref: "metrics" }, undefined)).toBeUndefined();
  });

  it("shows a trace the capture's sample holds", () => {
    expect(missingFromSnapshot({ type: "trace", ref: captured }, healthySignals({ window, traces }))).toBeUndefined();
  });

  it("says why it cannot show a trace missing from the sample or from a failed capture", () => {
    expect(missingFromSnapshot({ type: "trace", ref: TRACE }, healthySignals({ window, traces }))).toBe(
      `trace ${TRACE} was not in the trace sample captured for the window, so the snapshot cannot show it`,
    );
    expect(
      missingFromSnapshot(
        { type: "trace", ref: captured },
        healthySignals({ window, traces: failed("jaeger", "connection refused") }),
      ),
    ).toBe(`traces could not be captured (jaeger: connection refused), so the snapshot cannot show trace ${captured}`);
  });
});

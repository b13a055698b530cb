import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import { captureBundle } from "@/lib/bundle/capture";
import { BUNDLE_VERSION } from "@/lib/bundle/format";
import type { EvaluationWindow } from "@/lib/evaluate";
import { addTimelineEvent, createSnapshot, getIncident } from "./repository";

export interface PinRequest {
  workflowId: string;
  window: EvaluationWindow;
  /** What was pinned: a panel (chart), a trace, a checklist step, or the whole view. */
  item: { type: "view" | "chart" | "trace" | "checklist"; ref?: string; label: string };
  note?: string;
  author?: string;
}

/**
 * Pins evidence to an incident: captures the workflow's data for the window into a
 * snapshot (so it outlives the sources' retention) and adds an evidence event pointing at
 * the pinned item inside it.
 */
export async function pinEvidence(db: PrismaClient, incidentId: string, pin: PinRequest) {
  await getIncident(db, incidentId); // 404 before spending upstream queries on a missing incident
  const bundle = await captureBundle([pin.workflowId], pin.window, `${pin.item.type}: ${pin.item.label}`);
  const snapshot = await createSnapshot(db, {
    workflowId: pin.workflowId,
    windowFrom: new Date(pin.window.fromMs),
    windowTo: new Date(pin.window.toMs),
    bundleVersion: BUNDLE_VERSION,
    bundle,
    incidentId,
  });
  const health = bundle.workflows[0]?.health;
  const verdict = health ? ` (verdict ${health.status}: ${health.summary})` : "";
  const event = await addTimelineEvent(db, incidentId, {
    at: new Date(),
    kind: "evidence",
    body: `Pinned ${pin.item.type} "${pin.item.label}" of ${pin.workflowId}${verdict}${pin.note ? `\n${pin.note}` : ""}`,
    workflowId: pin.workflowId,
    snapshotId: snapshot.id,
    ...(pin.item.type === "checklist" && pin.item.ref ? { checkId: pin.item.ref } : {}),
    ...(pin.author ? { author: pin.author } : {}),
  });
  return { snapshot: { id: snapshot.id, sizeBytes: snapshot.sizeBytes }, event };
}

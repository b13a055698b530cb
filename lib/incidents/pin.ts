import "server-only";
import type { PrismaClient } from "@/lib/db/generated/client";
import { captureBundle } from "@/lib/evidence/capture";
import { BUNDLE_VERSION } from "@/lib/sources/recording/format";
import type { EvaluationWindow } from "@/lib/evaluate";
import { missingFromSnapshot, parseEvidenceRef } from "./evidence-ref";
import { addEvidence, getIncident } from "./repository";
import type { PinItem } from "./schemas";

export interface PinRequest {
  workflowId: string;
  window: EvaluationWindow;
  /** What was pinned: a panel (chart), a trace, a checklist step, or the whole view (pinBody's item, validated). */
  item: PinItem;
  note?: string;
  author?: string;
  /** ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR, checked again when the snapshot is stored. */
  quotaPerHour?: number;
}

/**
 * Pins evidence to an incident: captures the workflow's data for the window into a
 * snapshot (so it outlives the sources' retention) and adds an evidence event pointing at
 * the pinned item inside it (evidenceRef; a checklist step is also the event's checkId).
 * When the snapshot cannot show the pinned item (a trace missing from the captured sample),
 * the event says so and `problems` names it: the pin is kept, since the window is still evidence.
 */
export async function pinEvidence(db: PrismaClient, incidentId: string, pin: PinRequest) {
  const ref = pin.item.type === "view" ? undefined : pin.item.ref;
  // The schema admits only refs that parseEvidenceRef reads as the item's own type.
  const pinned = ref === undefined ? undefined : parseEvidenceRef(ref);
  if (ref !== undefined && pinned?.type !== pin.item.type)
    throw new Error(`pin ref "${ref}" is not a ${pin.item.type} ref (the request schema should have refused it)`);
  await getIncident(db, incidentId); // 404 before spending upstream queries on a missing incident
  const bundle = await captureBundle([pin.workflowId], pin.window, `${pin.item.type}: ${pin.item.label}`);
  const entry = bundle.workflows[0];
  const problems = pinned
    ? [missingFromSnapshot(pinned, entry?.signals)].filter((problem) => problem !== undefined)
    : [];
  const verdict = entry ? ` (verdict ${entry.health.status}: ${entry.health.summary})` : "";
  const body = [
    `Pinned ${pin.item.type} "${pin.item.label}" of ${pin.workflowId}${verdict}`,
    ...problems.map((problem) => `Note: ${problem}.`),
    ...(pin.note ? [pin.note] : []),
  ].join("\n");
  const { snapshot, event } = await addEvidence(
    db,
    incidentId,
    {
      workflowId: pin.workflowId,
      windowFrom: new Date(pin.window.fromMs),
      windowTo: new Date(pin.window.toMs),
      bundleVersion: BUNDLE_VERSION,
      bundle,
    },
    {
      at: new Date(),
      kind: "evidence",
      body,
      workflowId: pin.workflowId,
      ...(ref !== undefined ? { evidenceRef: ref } : {}),
      ...(pin.item.type === "checklist" && ref !== undefined ? { checkId: ref } : {}),
      ...(pin.author ? { author: pin.author } : {}),
    },
    pin.quotaPerHour,
  );
  return { snapshot: { id: snapshot.id, sizeBytes: snapshot.sizeBytes }, event, problems };
}

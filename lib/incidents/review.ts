import "server-only";
import { appConfig } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { readStoredBundle } from "@/lib/evidence/snapshot-store";
import { readBundle } from "@/lib/sources/recording/format";
import type { ReviewInput } from "./export";
import { getIncident } from "./repository";

/**
 * Gathers what the post-incident review needs: the incident, its timeline, and per workflow
 * the checklist as the latest snapshot froze it (live data may be gone by review time).
 */
export async function reviewInput(db: PrismaClient, id: string, baseUrl: string): Promise<ReviewInput> {
  const incident = await getIncident(db, id);
  const names = new Map(appConfig().workflows.map((workflow) => [workflow.id, workflow.name]));
  const findings: ReviewInput["findings"] = [];
  for (const workflowId of incident.workflowIds) {
    const latest = await db.snapshot.findFirst({ where: { incidentId: id, workflowId }, orderBy: { takenAt: "desc" } });
    if (!latest) continue;
    const bundle = readBundle(await readStoredBundle(db, latest), `snapshot ${latest.id}`);
    const entry = bundle.workflows.find((workflow) => workflow.config.id === workflowId);
    if (!entry) continue;
    findings.push({
      workflowId,
      workflowName: names.get(workflowId) ?? entry.config.name,
      verdict: entry.health.status,
      summary: entry.health.summary,
      checklist: entry.health.checklist,
      snapshotTakenAt: latest.takenAt,
    });
  }
  return {
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      startedAt: incident.startedAt,
      resolvedAt: incident.resolvedAt,
      workflowIds: incident.workflowIds,
      createdBy: incident.createdBy,
    },
    events: incident.events.map((event) => ({
      at: event.at,
      kind: event.kind,
      author: event.author,
      body: event.body,
      checkId: event.checkId,
      snapshotId: event.snapshotId,
      evidenceRef: event.evidenceRef,
    })),
    findings,
    baseUrl,
    generatedAt: new Date(),
  };
}

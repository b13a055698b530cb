// Seeds the demo database with an example incident built from the crash-loop recording:
// its timeline derived from the recorded check transitions, the recording pinned as
// evidence, and a note. Idempotent: does nothing when the example incident exists.
// Run by scripts/demo.mjs before the server starts (PGlite allows one process at a time).
import { appConfig } from "@/lib/config";
import { readBundleFile } from "@/lib/bundle/file";
import { BUNDLE_VERSION } from "@/lib/bundle/format";
import { databaseTarget, describeTarget, openDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";
import { appEnv } from "@/lib/env";
import { deriveIncidentTimeline } from "@/lib/incidents/derive";
import { addTimelineEvent, createIncident, createSnapshot } from "@/lib/incidents/repository";

const EXAMPLE_TITLE = "Checkout confirmations stuck: notification consumer crash-looping";
const WORKFLOW_ID = "checkout-crashloop";

const open = openDatabase(databaseTarget(appEnv()));
const prisma = new PrismaClient({ adapter: open.adapterFactory });
try {
  await applyMigrations(open.adapterFactory);
  const workflow = appConfig().workflows.find((candidate) => candidate.id === WORKFLOW_ID);
  if (!workflow?.replay) {
    console.log(`[demo-seed] no replayed workflow "${WORKFLOW_ID}" in the config: no example incident`);
  } else if (await prisma.incident.findFirst({ where: { title: EXAMPLE_TITLE } })) {
    console.log("[demo-seed] example incident already there");
  } else {
    const bundle = readBundleFile(workflow.replay.bundle);
    const windowFrom = new Date(bundle.window.from);
    const windowTo = new Date(bundle.window.to);
    const incident = await createIncident(prisma, { title: EXAMPLE_TITLE, severity: "sev2", startedAt: windowFrom, workflowIds: [WORKFLOW_ID], createdBy: "demo" });
    await prisma.incident.update({ where: { id: incident.id }, data: { resolvedAt: windowTo } });
    const derived = await deriveIncidentTimeline(prisma, { ...incident, resolvedAt: windowTo }, windowTo.getTime());
    const snapshot = await createSnapshot(prisma, { workflowId: WORKFLOW_ID, windowFrom, windowTo, bundleVersion: BUNDLE_VERSION, bundle, incidentId: incident.id });
    await addTimelineEvent(prisma, incident.id, { at: new Date(windowFrom.getTime() + 60_000), kind: "note", author: "on-call", body: "Every service logs 200 OK and the dashboards are green, but customers report missing confirmation emails." });
    await addTimelineEvent(prisma, incident.id, { at: windowTo, kind: "evidence", author: "on-call", body: "Pinned the recording of the whole window.", workflowId: WORKFLOW_ID, snapshotId: snapshot.id });
    console.log(`[demo-seed] example incident ${incident.id}: ${derived.recorded} derived timeline events${derived.problems.length ? `; ${derived.problems.join("; ")}` : ""}`);
  }
} catch (error) {
  console.error(`[demo-seed] could not seed ${describeTarget(open.target)}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await open.close();
}

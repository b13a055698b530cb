// Seeds the demo database with an example incident built from the crash-loop recording:
// its timeline derived from the recorded check transitions, the recording pinned as
// evidence, and a note. Idempotent: does nothing when the example incident exists. Atomic:
// the incident, its snapshot and its timeline are written in one transaction, so a crash
// halfway leaves no half incident (which the idempotency check would then keep forever).
// Run by scripts/demo.mjs before the server starts (PGlite allows one process at a time).
import { pathToFileURL } from "node:url";
import { appConfig } from "@/lib/config";
import { readBundleFile } from "@/lib/sources/recording/file";
import { BUNDLE_VERSION } from "@/lib/sources/recording/format";
import { databaseTarget, describeTarget, openDatabase, type OpenDatabase } from "@/lib/db/adapter";
import { errorText } from "@/lib/db/errors";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";
import { appEnv } from "@/lib/env";
import { deriveIncidentEvents, type TimelineEvaluator } from "@/lib/incidents/derive";
import { addTimelineEvent, createSnapshotIn, recordDerivedEventsIn } from "@/lib/incidents/repository";

export const EXAMPLE_TITLE = "Checkout confirmations stuck: notification consumer crash-looping";
const WORKFLOW_ID = "checkout-crashloop";

export interface ExampleRecording {
  workflowId: string;
  windowFrom: Date;
  windowTo: Date;
  /** The evidence bundle, stored as the incident's snapshot. */
  bundle: unknown;
}

export type SeedOutcome =
  { created: false } | { created: true; incidentId: string; derived: number; problems: string[] };

/**
 * Creates the example incident from `recording` unless it exists. The incident is resolved
 * (status and resolvedAt together) at the end of the recording.
 */
export async function seedExampleIncident(
  prisma: PrismaClient,
  recording: ExampleRecording,
  evaluate?: TimelineEvaluator,
): Promise<SeedOutcome> {
  const { workflowId, windowFrom, windowTo } = recording;
  // Evaluating the recording reads no database: done first, so the transaction stays short.
  const derived = await deriveIncidentEvents(
    { startedAt: windowFrom, resolvedAt: windowTo, workflowIds: [workflowId] },
    windowTo.getTime(),
    evaluate,
  );
  return prisma.$transaction(async (tx) => {
    // Two seeds at once (two demos on one Postgres) take turns, so only one creates it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('asyncscope demo seed'))`;
    if (await tx.incident.findFirst({ where: { title: EXAMPLE_TITLE }, select: { id: true } }))
      return { created: false } as const;
    const incident = await tx.incident.create({
      data: {
        title: EXAMPLE_TITLE,
        severity: "sev2",
        status: "resolved",
        startedAt: windowFrom,
        resolvedAt: windowTo,
        workflowIds: [workflowId],
        createdBy: "demo",
      },
    });
    const recorded = await recordDerivedEventsIn(tx, incident.id, derived.events);
    const snapshot = await createSnapshotIn(tx, {
      workflowId,
      windowFrom,
      windowTo,
      bundleVersion: BUNDLE_VERSION,
      bundle: recording.bundle,
      incidentId: incident.id,
    });
    await addTimelineEvent(tx, incident.id, {
      at: new Date(windowFrom.getTime() + 60_000),
      kind: "note",
      author: "on-call",
      body: "Every service logs 200 OK and the dashboards are green, but customers report missing confirmation emails.",
    });
    await addTimelineEvent(tx, incident.id, {
      at: windowTo,
      kind: "evidence",
      author: "on-call",
      body: "Pinned the recording of the whole window.",
      workflowId,
      snapshotId: snapshot.id,
    });
    // The recording ends with the consumer still down: the fix is the story's last line.
    await addTimelineEvent(tx, incident.id, {
      at: windowTo,
      kind: "note",
      author: "on-call",
      body: "Cause: notification-service's config says SMTP_PASS instead of SMTP_PASSWORD, so it exits at start-up and its supervisor restarts it with back-off. Fixed the key; the consumer is attached again and the backlog drains.",
    });
    return { created: true, incidentId: incident.id, derived: recorded, problems: derived.problems } as const;
  });
}

async function main(): Promise<void> {
  const target = databaseTarget(appEnv());
  let open: OpenDatabase;
  try {
    open = await openDatabase(target);
  } catch (error) {
    console.error(`[demo-seed] cannot open ${describeTarget(target)}: ${errorText(error)}`);
    process.exitCode = 1;
    return;
  }
  const prisma = new PrismaClient({ adapter: open.adapterFactory });
  try {
    await applyMigrations(open.adapterFactory);
    const workflow = appConfig().workflows.find((candidate) => candidate.id === WORKFLOW_ID);
    if (!workflow?.replay) {
      console.log(`[demo-seed] no replayed workflow "${WORKFLOW_ID}" in the config: no example incident`);
      return;
    }
    const bundle = readBundleFile(workflow.replay.bundle);
    const outcome = await seedExampleIncident(prisma, {
      workflowId: WORKFLOW_ID,
      windowFrom: new Date(bundle.window.from),
      windowTo: new Date(bundle.window.to),
      bundle,
    });
    if (!outcome.created) console.log("[demo-seed] example incident already there");
    else
      console.log(
        `[demo-seed] example incident ${outcome.incidentId}: ${outcome.derived} derived timeline events${outcome.problems.length ? `; ${outcome.problems.join("; ")}` : ""}`,
      );
  } catch (error) {
    console.error(
      `[demo-seed] could not seed ${describeTarget(open.target)}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await open.close();
  }
}

// Run as a script (tsx scripts/demo-seed.ts); imported by its test, it only exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";
import type { TimelineEvaluator } from "@/lib/incidents/derive";
import { EXAMPLE_TITLE, seedExampleIncident, type ExampleRecording } from "@/scripts/demo-seed";
import { DATABASE_OPEN_TIMEOUT_MS } from "@/tests/support/database-timeout";

// The demo's example incident: created once however often the demo starts, whole or not at
// all, and resolved in status as well as in time.

const windowFrom = new Date("2026-11-23T19:00:00Z");
const windowTo = new Date("2026-11-23T19:10:00Z");
const recording: ExampleRecording = {
  workflowId: "checkout-crashloop",
  windowFrom,
  windowTo,
  bundle: { version: 1, label: "consumer crash loop recorded from the lab" },
};

// The recording's analysis, as the replayed workflow would give it.
const evaluate: TimelineEvaluator = async (workflowId, window) => ({
  workflow: { id: workflowId, name: "Checkout (crash loop)" },
  window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
  status: "critical",
  summary: "consumer crash-looping",
  checks: [],
  checklist: [],
  sources: [],
  transitions: [
    {
      checkId: "consumers-alive",
      atMs: windowFrom.getTime() + 2 * 60_000,
      from: "ok",
      to: "warning",
      summary: "consumers flapping",
    },
    {
      checkId: "verdict",
      atMs: windowFrom.getTime() + 2 * 60_000,
      from: "ok",
      to: "warning",
      summary: "consumers flapping",
    },
  ],
});

let open: OpenDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  open = await openDatabase({ kind: "pglite-memory" });
  await applyMigrations(open.adapterFactory);
  prisma = new PrismaClient({ adapter: open.adapterFactory });
}, DATABASE_OPEN_TIMEOUT_MS);
afterAll(async () => {
  await prisma?.$disconnect();
  await open?.close();
});

describe("seedExampleIncident", () => {
  it("leaves nothing behind when it fails halfway", async () => {
    // JSON cannot hold a BigInt: storing the snapshot fails after the incident's insert.
    const poisoned = { ...recording, bundle: { version: 1, label: "broken recording", count: 1n } };
    await expect(seedExampleIncident(prisma, poisoned, evaluate)).rejects.toThrow(/BigInt/);
    expect(await prisma.incident.count()).toBe(0);
    expect(await prisma.timelineEvent.count()).toBe(0);
    expect(await prisma.snapshot.count()).toBe(0);
  });

  it("creates the incident once, resolved at the end of the recording, with its timeline and evidence", async () => {
    const first = await seedExampleIncident(prisma, recording, evaluate);
    expect(first).toMatchObject({ created: true, derived: 2, problems: [] });
    expect(await seedExampleIncident(prisma, recording, evaluate)).toEqual({ created: false });

    const incidents = await prisma.incident.findMany({ include: { events: true, snapshots: true } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      title: EXAMPLE_TITLE,
      status: "resolved",
      startedAt: windowFrom,
      resolvedAt: windowTo,
    });
    expect(incidents[0]!.events.map((event) => event.kind).sort()).toEqual([
      "detected",
      "detected",
      "evidence",
      "note",
      "note",
    ]);
    expect(incidents[0]!.snapshots).toHaveLength(1);
  });
});

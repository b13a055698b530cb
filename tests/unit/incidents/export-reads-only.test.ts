import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportReview } from "@/app/api/incidents/[id]/export/route";
import { db, instanceLocks } from "@/lib/db/client";
import { refreshTimeline } from "@/lib/incidents/background-derive";
import { readDerivationState } from "@/lib/incidents/derivation-state";
import { createIncident } from "@/lib/incidents/repository";
import { pointAtThrowawayDatabase } from "@/tests/support/app-database";
import { DATABASE_OPEN_TIMEOUT_MS } from "@/tests/support/database-timeout";

// GET of an incident's review (and of its page, which runs the same two calls: read the
// stored derivation, schedule refreshTimeline with after()) reads only: the derivation runs
// after the response. next/server's after() needs the request scope of a running Next.js
// server, which vitest has not; it is replaced by a recorder, so the test can run the
// scheduled work when it chooses. Everything else is real: the route, PGlite, the config
// with every source at a closed port.
const scheduled: Array<() => Promise<unknown>> = [];
vi.mock("next/server", async (original) => ({
  ...(await original<typeof import("next/server")>()),
  after: (work: () => Promise<unknown>) => void scheduled.push(work),
}));

pointAtThrowawayDatabase();

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function rows() {
  const database = await db();
  return {
    events: await database.timelineEvent.count(),
    derivations: await database.timelineDerivation.count(),
    incidents: await database.incident.findMany({ select: { id: true, version: true, updatedAt: true } }),
  };
}

describe("GET /api/incidents/{id}/export", () => {
  // Opening the throw-away database applies every migration: slow on a busy machine.
  beforeAll(async () => {
    await db();
  }, DATABASE_OPEN_TIMEOUT_MS);

  it("answers from what is stored, writes nothing, and derives after the response", async () => {
    const incident = await createIncident(await db(), {
      title: "Orders stuck",
      severity: "sev2",
      startedAt: new Date(Date.now() - 30 * 60_000),
      workflowIds: ["checkout"],
    });
    const before = await rows();
    scheduled.length = 0;
    const response = await exportReview(
      new Request(`http://asyncscope.test/api/incidents/${incident.id}/export?format=json`),
      params(incident.id),
    );
    expect(response.status).toBe(200);
    const review = (await response.json()) as { timelineProblems: string[] };
    expect(review.timelineProblems).toEqual([
      "the timeline has not been derived from the workflows' checks yet; it is being derived now",
    ]);
    expect(await rows()).toEqual(before);
    expect(scheduled).toHaveLength(1);

    // After the response: the sources are unreachable, so the derivation is partial, and says so.
    await scheduled[0]!();
    const state = await readDerivationState(await db(), incident.id);
    expect(state?.derivedAt).toBeInstanceOf(Date);
    expect(state?.failure).toBeUndefined();
    expect(state?.problems.some((problem) => problem.startsWith("checkout: prometheus down"))).toBe(true);

    const again = await exportReview(
      new Request(`http://asyncscope.test/api/incidents/${incident.id}/export?format=json`),
      params(incident.id),
    );
    expect(((await again.json()) as { timelineProblems: string[] }).timelineProblems).toEqual(state?.problems);
  });

  it("runs one derivation per incident at a time in this process, however many views ask", async () => {
    const incident = await createIncident(await db(), {
      title: "Refunds stuck",
      severity: "sev3",
      startedAt: new Date(Date.now() - 30 * 60_000),
      workflowIds: ["checkout"],
    });
    let release!: () => void;
    const upstream = new Promise<void>((resolve) => (release = resolve));
    let evaluations = 0;
    const deps = {
      openDb: db,
      openLocks: instanceLocks,
      // An upstream that answers only when the test says so: the views arrive meanwhile.
      evaluate: async () => {
        evaluations += 1;
        await upstream;
        throw new Error("the evaluation blew up");
      },
      log: { info: () => {}, warn: () => {}, error: (line: string) => errors.push(line) },
    };
    const errors: string[] = [];
    const first = refreshTimeline(incident, deps);
    const second = refreshTimeline(incident, deps);
    expect(second).toBe(first);
    await vi.waitFor(() => expect(evaluations).toBe(1));
    release();
    await first;
    expect(errors).toEqual([
      `[asyncscope] timeline of incident ${incident.id} could not be derived: the evaluation blew up`,
    ]);
    expect(await readDerivationState(await db(), incident.id)).toMatchObject({
      derivedAt: undefined,
      failure: "the evaluation blew up",
    });
    // Once it ended, the next view asks again.
    expect(refreshTimeline(incident, deps)).not.toBe(first);
  });
});

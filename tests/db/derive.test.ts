import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthySignals, key, makeWorkflow, MIN, Q, setState, T0 } from "@/lib/analysis/testing";
import type { WorkflowSignals } from "@/lib/analysis/types";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import type { PrismaClient } from "@/lib/db/generated/client";
import { analyse, WorkflowNotFoundError, type EvaluationWindow } from "@/lib/evaluate";
import { presentHealth } from "@/lib/view/health";
import { deriveIncidentTimeline, type TimelineEvaluator } from "@/lib/incidents/derive";
import { createIncident, getIncident, updateIncident } from "@/lib/incidents/repository";
import { DERIVED_AUTHOR } from "@/lib/incidents/timeline";
import { RESOLVED_GRACE_MS, sweepIncidentTimelines, timelineLockKeptMs } from "@/lib/incidents/timeline-keeper";
import { readDerivationState } from "@/lib/incidents/derivation-state";
import { valueOf, sweepsSkipped, timelineDerivations } from "@/lib/telemetry/metrics";
import { refreshTimeline } from "@/lib/incidents/background-derive";
import { deleteIncident } from "@/lib/incidents/deletion";
import { advisoryLocks, processLocks } from "@/lib/db/instance-lock";
import { migratedDatabase, onEachDatabase } from "../support/migrated-database";
import { postgresUnavailableReason, startTestPostgres, type TestPostgres } from "../support/postgres";

// An ongoing incident's timeline is derived on every page load, each time up to a later
// "now". Whatever the moment, a transition must be stored once. The world below is fixed:
//
//   19:00 incident starts          19:20 the notification consumer dies
//   ──────────────── 1 consumer, acks flowing ─┼─ 0 consumers, no acks, ready +1/s ─────────▶
//
// and the same analysis the app runs judges it over [19:00, now] for several nows.

const workflow = makeWorkflow();
const config: AsyncscopeConfig = { version: 1, sources: {}, workflows: [workflow] };
const CUT_MS = T0 + 20 * MIN;

/** What Prometheus, RabbitMQ and Jaeger would answer for `window` (samples every 15 s, as scraped). */
function signalsOfTheWorld(window: EvaluationWindow): WorkflowSignals {
  const signals = healthySignals({ window });
  const history = signals.history.signals;
  const onNotification = (observed: typeof history.consumers, value: (tsMs: number, before: number) => number) => {
    if (!observed?.ok) throw new Error("factory signals should be ok");
    const series = observed.value.find((candidate) => candidate.labels.destination === key(Q.notification))!;
    series.points = series.points.map((point) => ({ ...point, value: value(point.tsMs, point.value) }));
  };
  onNotification(history.consumers, (tsMs, before) => (tsMs >= CUT_MS ? 0 : before));
  onNotification(history.acked, (tsMs, before) => (tsMs >= CUT_MS ? 0 : before));
  onNotification(history.delivered, (tsMs, before) => (tsMs >= CUT_MS ? 0 : before));
  onNotification(history.waiting, (tsMs) => (tsMs >= CUT_MS ? Math.round((tsMs - CUT_MS) / 1000) : 0));
  setState(signals, Q.notification, { consumersN: 0, waitingN: Math.round((window.toMs - CUT_MS) / 1000) });
  return signals;
}

const evaluate: TimelineEvaluator = async (workflowId, window, transitionGridMs) => {
  expect(workflowId).toBe(workflow.id);
  const signals = signalsOfTheWorld(window);
  const analysis = analyse(workflow, signals, transitionGridMs !== undefined ? { transitionGridMs } : {});
  return presentHealth({ workflow, signals, analysis }, config);
};

onEachDatabase("deriving an ongoing incident's timeline", "derive", (database) => {
  let db: PrismaClient;
  beforeAll(() => {
    db = database();
  });

  /** Derived events as "subject from>to" (read from what the timeline shows), for counting duplicates. */
  async function derived(incidentId: string): Promise<string[]> {
    const events = (await getIncident(db, incidentId)).events.filter((event) => event.author === DERIVED_AUTHOR);
    return events.map((event) => {
      const [, subject, to, from] =
        /^(.+?) (?:went|recovered to|changed to) (\w+) \(was (\w+)\)/.exec(event.body) ?? [];
      return `${subject} ${from}>${to}`;
    });
  }

  it("stores each transition once when the page is loaded again 15 s later", async () => {
    const incident = await createIncident(db, {
      title: "Confirmations stuck",
      severity: "sev2",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    const firstLoad = T0 + 60 * MIN + 7_000; // 20:00:07
    const first = await deriveIncidentTimeline(db, incident, firstLoad, evaluate);
    expect(first.problems).toEqual([]);
    expect(first.recorded).toBeGreaterThanOrEqual(2);
    const afterFirst = await derived(incident.id);
    expect(afterFirst).toEqual(expect.arrayContaining(["consumers-alive ok>critical", "checkout verdict ok>critical"]));
    // The consumer died at 19:20, a grid instant: the event is stamped there, not at "now".
    const died = (await getIncident(db, incident.id)).events.find((event) => event.checkId === "consumers-alive");
    expect(died?.at).toEqual(new Date(CUT_MS));

    const second = await deriveIncidentTimeline(db, incident, firstLoad + 15_000, evaluate);
    expect(second.recorded).toBe(0);
    expect(await derived(incident.id)).toEqual(afterFirst);
  });

  it("stores each transition once across a coarser grid, concurrent loads and the resolution", async () => {
    const incident = await createIncident(db, {
      title: "Confirmations stuck, long",
      severity: "sev2",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    // 45 min in (5-minute grid), then two tabs at once 2 h 30 s in (10-minute grid)…
    await deriveIncidentTimeline(db, incident, T0 + 45 * MIN + 3_000, evaluate);
    await Promise.all([
      deriveIncidentTimeline(db, incident, T0 + 120 * MIN + 30_000, evaluate),
      deriveIncidentTimeline(db, incident, T0 + 120 * MIN + 31_000, evaluate),
    ]);
    // …then resolved at 20:30 and viewed afterwards (a 5-minute grid again).
    const resolved = await updateIncident(db, incident.id, 1, {
      status: "resolved",
      resolvedAt: new Date(T0 + 90 * MIN),
    });
    await deriveIncidentTimeline(db, resolved, T0 + 180 * MIN, evaluate);
    const events = await derived(incident.id);
    expect(events).toContain("consumers-alive ok>critical");
    expect(events.length).toBe(new Set(events).size);
  });

  it("the background sweep derives open incidents nobody opened, and recently resolved ones, not old ones", async () => {
    const now = T0 + 60 * MIN + 7_000;
    const open = await createIncident(db, {
      title: "Nobody looked",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    const justResolved = await createIncident(db, {
      title: "Resolved a minute ago",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    await updateIncident(db, justResolved.id, 1, { status: "resolved", resolvedAt: new Date(now - 60_000) });
    const longResolved = await createIncident(db, {
      title: "Resolved long ago",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    await updateIncident(db, longResolved.id, 1, {
      status: "resolved",
      resolvedAt: new Date(now - RESOLVED_GRACE_MS - 60_000),
    });
    const lines: string[] = [];
    const log = {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    };

    const outcome = await sweepIncidentTimelines(db, now, log, evaluate);
    expect(outcome.failed).toBe(0);
    expect(await derived(open.id)).toEqual(expect.arrayContaining(["consumers-alive ok>critical"]));
    expect(await derived(justResolved.id)).toEqual(expect.arrayContaining(["consumers-alive ok>critical"]));
    expect(await derived(longResolved.id)).toEqual([]);
    expect(lines).toContain(
      `[asyncscope] timeline of incident ${open.id}: ${(await derived(open.id)).length} event(s) derived`,
    );

    // A second sweep a tick later adds nothing (and says nothing).
    lines.length = 0;
    const again = await sweepIncidentTimelines(db, now + 120_000, log, evaluate);
    expect(again.recorded).toBe(0);
    expect(lines.filter((line) => line.includes(open.id))).toEqual([]);
  });

  it("the sweep says once that a timeline is incomplete, and once that it is derivable again", async () => {
    const now = T0 + 60 * MIN + 7_000;
    const incident = await createIncident(db, {
      title: "Config changed under it",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    const lines: string[] = [];
    const log = {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    };
    // The workflow vanished from the config for a while (someone deployed a bad config).
    const gone: typeof evaluate = async (workflowId) => {
      throw new WorkflowNotFoundError(workflowId, []);
    };
    const reported = new Map<string, string>();
    await sweepIncidentTimelines(db, now, log, gone, reported);
    await sweepIncidentTimelines(db, now + 120_000, log, gone, reported);
    await sweepIncidentTimelines(db, now + 240_000, log, evaluate, reported);
    const about = lines.filter((line) => line.includes(incident.id));
    expect(about.filter((line) => line.includes("is incomplete"))).toEqual([
      `[asyncscope] timeline of incident ${incident.id} is incomplete: ${workflow.id}: no longer in the config, so its checks cannot be evaluated`,
    ]);
    expect(about).toContain(
      `[asyncscope] timeline of incident ${incident.id}: complete again (every workflow evaluated, every source answered)`,
    );
  });

  it("the sweep logs an incident it cannot derive, with its id, and still derives the others", async () => {
    const now = T0 + 60 * MIN + 7_000;
    const broken = await createIncident(db, {
      title: "Evaluation blows up",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: ["exploding"],
    });
    const fine = await createIncident(db, {
      title: "Evaluates fine",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    const lines: string[] = [];
    const log = {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    };
    // An evaluator that fails the way a bug would (not a source being down, which derive
    // reports as a problem): the real analysis cannot be made to throw on purpose.
    const exploding: typeof evaluate = async (workflowId, window, grid) => {
      if (workflowId === "exploding") throw new Error("analysis bug");
      return evaluate(workflowId, window, grid);
    };

    const outcome = await sweepIncidentTimelines(db, now, log, exploding);
    expect(outcome.failed).toBeGreaterThanOrEqual(1);
    expect(lines).toContain(`[asyncscope] timeline of incident ${broken.id} could not be derived: analysis bug`);
    expect(await derived(fine.id)).toEqual(expect.arrayContaining(["consumers-alive ok>critical"]));
  });

  it("an incident deleted while its timeline is derived is said once as such, not as a failure", async () => {
    const incident = await createIncident(db, {
      title: "Deleted mid-derivation",
      severity: "sev3",
      startedAt: new Date(T0),
      workflowIds: [workflow.id],
    });
    const lines: string[] = [];
    const log = {
      info: (line: string) => lines.push(`info ${line}`),
      warn: (line: string) => lines.push(`warn ${line}`),
      error: (line: string) => lines.push(`error ${line}`),
    };
    const goneBefore = (await valueOf(timelineDerivations, { outcome: "gone" })) ?? 0;
    // The delete lands between the evaluation and storing its events (a page's after() racing
    // the Delete button, as the e2e run showed).
    const deletingMeanwhile: typeof evaluate = async (workflowId, window, grid) => {
      const health = await evaluate(workflowId, window, grid);
      await deleteIncident(db, incident.id);
      return health;
    };
    await refreshTimeline(incident, {
      openDb: async () => db,
      openLocks: async () => processLocks,
      evaluate: deletingMeanwhile,
      log,
      now: () => T0 + 60 * MIN,
    });
    expect(lines).toEqual([
      `info [asyncscope] timeline of incident ${incident.id}: deleted while it was derived; nothing stored`,
    ]);
    expect((await valueOf(timelineDerivations, { outcome: "gone" })) ?? 0).toBe(goneBefore + 1);
  });
});

// Two app instances on one PostgreSQL database, each with its own Prisma client (its own pool,
// as two processes have): their sweeps run at the same moment.
const postgresMissing = postgresUnavailableReason();
// CI sets ASYNCSCOPE_REQUIRE_POSTGRES=1, so there a missing server fails instead of skipping.
const skipPostgres = postgresMissing !== undefined && process.env.ASYNCSCOPE_REQUIRE_POSTGRES !== "1";

describe.skipIf(skipPostgres)(
  `two instances sharing PostgreSQL${skipPostgres ? ` (skipped: ${postgresMissing})` : ""}`,
  () => {
    let server: TestPostgres | undefined;
    let url: Promise<string> | undefined;
    const shared = () => {
      url ??= startTestPostgres().then((started) => {
        server = started;
        return started.createDatabase("derive_two_instances");
      });
      return url;
    };
    const instanceA = migratedDatabase(async () => ({ kind: "postgres", url: await shared() }));
    const instanceB = migratedDatabase(async () => ({ kind: "postgres", url: await shared() }));
    afterAll(async () => {
      await server?.stop();
    });

    /** Asks `attempt` every 250 ms until it says true, or gives its last answer after `withinMs`. */
    async function waitFor(attempt: () => Promise<boolean>, withinMs: number): Promise<boolean> {
      const deadline = Date.now() + withinMs;
      for (;;) {
        if (await attempt()) return true;
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    /** The same world, answered after `ms`: long enough for the two sweeps to overlap. */
    const slowly =
      (ms: number): TimelineEvaluator =>
      async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return evaluate(...args);
      };

    async function derivedOnce(db: PrismaClient, incidentId: string): Promise<string[]> {
      const events = (await getIncident(db, incidentId)).events.filter((event) => event.author === DERIVED_AUTHOR);
      return events.map((event) => event.dedupeKey ?? "");
    }

    it("do one timeline sweep between them; the other skips and counts it", async () => {
      const [a, b] = [instanceA(), instanceB()];
      expect(a).not.toBe(b);
      const incident = await createIncident(a, {
        title: "Two instances, one sweep",
        severity: "sev2",
        startedAt: new Date(T0),
        workflowIds: [workflow.id],
      });
      const now = T0 + 60 * MIN + 7_000;
      const skippedBefore = (await valueOf(sweepsSkipped, { sweep: "timeline" })) ?? 0;
      const sweep = (db: PrismaClient) => {
        const locks = advisoryLocks(db);
        return locks.sweep("timeline", 30_000, () =>
          sweepIncidentTimelines(db, now, console, slowly(300), new Map(), locks),
        );
      };
      const outcomes = await Promise.all([sweep(a), sweep(b)]);
      expect(outcomes.filter((held) => held.ran)).toHaveLength(1);
      expect(outcomes.filter((held) => !held.ran)).toHaveLength(1);
      const events = await derivedOnce(b, incident.id);
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(events.length).toBe(new Set(events).size);
      // The keeper counts the skip (timeline-keeper.ts); here the lock alone is raced.
      expect((await valueOf(sweepsSkipped, { sweep: "timeline" })) ?? 0).toBe(skippedBefore);
      // Free again once the sweep ended: the next interval's sweep runs wherever it starts.
      expect((await advisoryLocks(b).sweep("timeline", 30_000, async () => "ran")).ran).toBe(true);
    });

    it("run one timeline sweep per interval when their timers tick at different moments of it", async () => {
      const [a, b] = [instanceA(), instanceB()];
      // The keeper's call (timeline-keeper.ts): held at most the interval, kept for most of it.
      const intervalMs = 8000;
      const kept = (outcome: { failed: number }) => (outcome.failed === 0 ? timelineLockKeptMs(intervalMs) : 0);
      const sweepOn = (db: PrismaClient, failed = 0) =>
        advisoryLocks(db).sweep("timeline", intervalMs, async () => ({ failed }), kept);
      expect((await sweepOn(a)).ran).toBe(true);
      // A handed back its answer while still holding the lock: B, ticking later in the interval, skips.
      expect((await sweepOn(b)).ran).toBe(false);
      // Let go before the interval ends: A's next tick takes it again.
      const retaken = await waitFor(async () => (await sweepOn(a, 1)).ran, intervalMs + 10_000);
      expect(retaken).toBe(true);
      // That sweep failed somewhere (failed: 1): its lock went with it, so B may do better at once.
      expect((await sweepOn(b, 1)).ran).toBe(true);
      // Work that throws lets the lock go at once too.
      await expect(
        advisoryLocks(a).sweep("timeline", intervalMs, () => Promise.reject(new Error("boom")), kept),
      ).rejects.toThrow("boom");
      expect((await advisoryLocks(b).sweep("timeline", intervalMs, async () => "ran")).ran).toBe(true);
    });

    it("store each event once when both derive the same incident at once without the lock", async () => {
      const [a, b] = [instanceA(), instanceB()];
      const incident = await createIncident(a, {
        title: "Two instances, one timeline",
        severity: "sev2",
        startedAt: new Date(T0),
        workflowIds: [workflow.id],
      });
      const now = T0 + 60 * MIN + 7_000;
      // The incident's row lock and the (incident, dedupeKey) unique index hold it, not the advisory lock.
      const [fromA, fromB] = await Promise.all([
        deriveIncidentTimeline(a, incident, now, slowly(50)),
        deriveIncidentTimeline(b, incident, now + 1_000, slowly(50)),
      ]);
      const events = await derivedOnce(a, incident.id);
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(events.length).toBe(new Set(events).size);
      expect(fromA.recorded + fromB.recorded).toBe(events.length);
    });

    it("skip an incident the other instance is deriving, and record the derivation once it is done", async () => {
      const [a, b] = [instanceA(), instanceB()];
      const incident = await createIncident(a, {
        title: "Page view on A, sweep on B",
        severity: "sev2",
        startedAt: new Date(T0),
        workflowIds: [workflow.id],
      });
      const now = T0 + 60 * MIN + 7_000;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const holding = new Promise<void>((resolve) => (started = resolve));
      const onA = advisoryLocks(a).incident(incident.id, 30_000, async () => {
        started();
        await gate;
      });
      await holding;
      const skippedBefore = (await valueOf(sweepsSkipped, { sweep: "incident" })) ?? 0;
      const outcome = await sweepIncidentTimelines(b, now, console, evaluate, new Map(), advisoryLocks(b));
      expect(outcome).toMatchObject({ skipped: 1, recorded: 0 });
      expect((await valueOf(sweepsSkipped, { sweep: "incident" })) ?? 0).toBe(skippedBefore + 1);
      expect(await readDerivationState(b, incident.id)).toBeUndefined();
      release();
      await onA;
      const after = await sweepIncidentTimelines(b, now, console, evaluate, new Map(), advisoryLocks(b));
      expect(after).toMatchObject({ skipped: 0, failed: 0 });
      expect(after.recorded).toBeGreaterThanOrEqual(2);
      expect(await readDerivationState(a, incident.id)).toMatchObject({ derivedAt: new Date(now), problems: [] });
    });
  },
);

import type { PrismaClient } from "./generated/client";
import { errorText } from "./errors";

// Work that several app instances sharing one PostgreSQL database must not all do at once:
// the background sweeps (one sweep per interval in total, whichever instance gets there
// first) and the derivation of one incident's timeline (the sweep and a page view on another
// instance asking the same upstreams the same questions). The instance that does not get the
// lock skips the work; the one that holds it does it for everyone.
//
// On PostgreSQL the lock is a transaction-level advisory lock (pg_try_advisory_xact_lock),
// held by a transaction kept open while the work runs: an instance that dies loses its
// connection, and with it the lock, so nothing is ever left locked. The keys use the two-int
// form (class, id), which never meets a single-bigint key such as Prisma's migration lock.
// PGlite needs none: one process holds the folder (single-writer.ts), so it is the only writer.

/** Class of the sweep locks; the id is SWEEP_LOCK_IDS[sweep]. "ASYS" in ASCII. */
export const SWEEP_LOCK_CLASS = 0x41535953;
export const SWEEP_LOCK_IDS = { timeline: 1, retention: 2, "broker-sampler": 3 } as const;
export type SweepName = keyof typeof SWEEP_LOCK_IDS;
/** Class of the per-incident derivation locks; the id is PostgreSQL's hashtext(incident id). */
export const INCIDENT_LOCK_CLASS = 0x41535954;

/** `value` when this instance did the work; `ran: false` when another instance was doing it. */
export type Held<T> = { ran: true; value: T } | { ran: false };

type Log = Pick<Console, "warn">;

export interface InstanceLocks {
  /** "advisory" on PostgreSQL, "process" where this process is the only writer (PGlite). */
  kind: "advisory" | "process";
  /**
   * Runs `work` unless another instance runs the same sweep now. With `keptMsFor`, the lock stays
   * taken until `keptMsFor(value)` after the call when the work succeeded sooner (the result is
   * handed back when the work ends): instances whose timers tick at other moments of the
   * interval then find it taken, so the sweep runs once per interval in all, not once per
   * instance. 0 lets it go at once (a sweep that failed somewhere, which another may do better).
   */
  sweep<T>(name: SweepName, holdMs: number, work: () => Promise<T>, keptMsFor?: (value: T) => number): Promise<Held<T>>;
  /** Runs `work` unless another instance derives this incident's timeline now. */
  incident<T>(incidentId: string, holdMs: number, work: () => Promise<T>): Promise<Held<T>>;
}

/** PGlite: one process per folder, so no other instance can be doing the work. */
export const processLocks: InstanceLocks = {
  kind: "process",
  sweep: async (_name, _holdMs, work) => ({ ran: true, value: await work() }),
  incident: async (_id, _holdMs, work) => ({ ran: true, value: await work() }),
};

/**
 * Advisory locks on `db` (PostgreSQL). `holdMs` bounds how long the lock's transaction stays
 * open: work that runs longer still finishes, but the lock is let go when Prisma ends the
 * transaction, so another instance may start the same work meanwhile. That is said in a
 * warning; it costs upstream queries, never data (derivation records each event once, see
 * recordDerivedEventsIn; retention re-checks each row inside its deletion).
 */
export function advisoryLocks(db: PrismaClient, log: Log = console): InstanceLocks {
  return {
    kind: "advisory",
    sweep: (name, holdMs, work, keptMsFor) =>
      holding(db, log, {
        what: `the ${name} sweep`,
        holdMs,
        work,
        tryLock: async (tx) => {
          const rows = await tx.$queryRaw<Array<{ held: boolean }>>`
          SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK_CLASS}::int, ${SWEEP_LOCK_IDS[name]}::int) AS held`;
          return rows[0]?.held === true;
        },
        ...(keptMsFor ? { keptMsFor } : {}),
      }),
    incident: (incidentId, holdMs, work) =>
      holding(db, log, {
        what: `deriving the timeline of incident ${incidentId}`,
        holdMs,
        work,
        tryLock: async (tx) => {
          const rows = await tx.$queryRaw<Array<{ held: boolean }>>`
          SELECT pg_try_advisory_xact_lock(${INCIDENT_LOCK_CLASS}::int, hashtext(${incidentId})) AS held`;
          return rows[0]?.held === true;
        },
      }),
  };
}

type Tx = Pick<PrismaClient, "$queryRaw">;

/** What `holding` runs: the work, how to take its lock, and how long to keep it (see `sweep`). */
interface Holding<T> {
  what: string;
  holdMs: number;
  work: () => Promise<T>;
  tryLock: (tx: Tx) => Promise<boolean>;
  keptMsFor?: (value: T) => number;
}

/**
 * A kept lock ends this long before Prisma's timeout of its transaction (holdMs, counted from
 * BEGIN, after the connection was acquired), so keeping never becomes a rolled-back commit.
 */
const KEEP_MARGIN_MS = 1000;
/**
 * Past the kept period, PostgreSQL ends a session left idle in its transaction: a holder whose
 * host died without closing its connection would otherwise keep the lock until TCP keepalive
 * notices (hours), and every instance would skip the sweep meanwhile.
 */
const DEAD_HOLDER_GRACE_MS = 5000;

async function holding<T>(db: PrismaClient, log: Log, job: Holding<T>): Promise<Held<T>> {
  const { what, holdMs, work, tryLock, keptMsFor } = job;
  // Monotonic: a wall-clock step during the sweep must not stretch or cut the kept period.
  const startedMs = performance.now();
  // Set inside the transaction's callback (a closure, so kept in an object). `handedBack` is
  // set when the work has ended but the lock is kept a while longer: from then on the caller has
  // its answer and the transaction only holds the lock.
  const state: { held: Held<T>; failed?: { error: unknown }; handedBack: boolean; lockError?: { error: unknown } } = {
    held: { ran: false },
    handedBack: false,
  };
  let handBack!: () => void;
  const workEnded = new Promise<void>((resolve) => (handBack = resolve));
  const transaction = db
    .$transaction(
      async (tx) => {
        if (!(await tryLock(tx))) return;
        // The work runs on its own connections (its writes commit on their own); this
        // transaction only holds the lock. Its error is kept apart from the lock's.
        let value: T;
        try {
          value = await work();
          state.held = { ran: true, value };
        } catch (error) {
          state.failed = { error };
          return;
        }
        const keepUntilMs = startedMs + Math.min(keptMsFor?.(value) ?? 0, holdMs - KEEP_MARGIN_MS);
        const keepFor = keepUntilMs - performance.now();
        if (keepFor <= 0) return;
        state.handedBack = true;
        handBack();
        await tx.$queryRaw`SELECT set_config('idle_in_transaction_session_timeout', ${String(Math.ceil(keepFor) + DEAD_HOLDER_GRACE_MS)}, true)`;
        await new Promise((resolve) => setTimeout(resolve, keepFor));
      },
      // Read committed whatever the database's default: a transaction kept open for minutes
      // must hold no snapshot (it would hold back vacuum).
      { timeout: holdMs, isolationLevel: "ReadCommitted" },
    )
    .then(
      () => undefined,
      (error: unknown) => {
        // Ending the transaction failed after the caller had its answer (the database went
        // away, the server is stopping): the lock is gone early, so another instance may run
        // the next sweep sooner. It costs upstream queries, never data.
        if (state.handedBack)
          log.warn(`[asyncscope] ${what}: its lock was let go before its interval ended: ${errorText(error)}`);
        else state.lockError = { error };
      },
    );
  await Promise.race([transaction, workEnded]);
  if (state.lockError) {
    // Taking the lock failed (the database down): the caller reports it like any failed work.
    if (!state.held.ran && state.failed === undefined) throw state.lockError.error;
    log.warn(
      `[asyncscope] ${what} took longer than ${holdMs / 1000} s, so its lock was let go before it ended and another instance may have repeated it (it records nothing twice): ${errorText(state.lockError.error)}`,
    );
  }
  if (state.failed) throw state.failed.error;
  return state.held;
}

import "server-only";
import { appEnv } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { databaseTarget, describeTarget, openDatabase, type DatabaseTarget, type OpenDatabase } from "./adapter";
import { DatabaseUnavailableError, errorText } from "./errors";
import { advisoryLocks, processLocks, type InstanceLocks } from "./instance-lock";
import { applyMigrations } from "./migrations";
import { convertLegacySnapshots } from "@/lib/evidence/convert-legacy-snapshots";

// The process-wide database handle. Kept on globalThis because Next's dev server reloads
// modules: a second PGlite on the same folder would corrupt it (and the folder's lock would
// refuse it).

interface DatabaseHandle {
  target: DatabaseTarget;
  /**
   * Resolves once the database is open (a PGlite folder held for this process) and migrations
   * are applied; rejects if either fails.
   */
  ready: Promise<{ open: OpenDatabase; prisma: PrismaClient; applied: string[] }>;
}

const holder = globalThis as typeof globalThis & { __asyncscopeDb?: DatabaseHandle };

async function openAndMigrate(target: DatabaseTarget): Promise<Awaited<DatabaseHandle["ready"]>> {
  const open = await openDatabase(target);
  try {
    const applied = await applyMigrations(open.adapterFactory);
    if (applied.length > 0) console.info(`[db] applied migrations on ${describeTarget(target)}: ${applied.join(", ")}`);
    const prisma = new PrismaClient({ adapter: open.adapterFactory });
    // Snapshots stored as jsonb before compressed parts; a row that fails is logged and stays readable.
    await convertLegacySnapshots(prisma);
    return { open, prisma, applied };
  } catch (error) {
    // Release what was opened (a PGlite folder's lock), so a retry or another process can open it.
    await open
      .close()
      .catch((closing: unknown) => console.warn(`[db] closing after a failed migration: ${errorText(closing)}`));
    throw error;
  }
}

function connect(): DatabaseHandle {
  const target = databaseTarget(appEnv());
  const ready = openAndMigrate(target);
  // Logged here so a failure at start-up is visible even before anyone calls db().
  ready.catch((error: unknown) => console.error(`[db] cannot use ${describeTarget(target)}: ${errorText(error)}`));
  return { target, ready };
}

function handle(): DatabaseHandle {
  holder.__asyncscopeDb ??= connect();
  return holder.__asyncscopeDb;
}

/**
 * The Prisma client, after migrations have been applied. Throws DatabaseUnavailableError when
 * the database could not be opened or migrated (the server stops at start-up then; this is for
 * scripts and tests that call it without startServer). An outage after start-up reaches callers
 * as the driver's errors, and the pool reconnects by itself once the server is back.
 */
export async function db(): Promise<PrismaClient> {
  const current = handle();
  try {
    return (await current.ready).prisma;
  } catch (error) {
    throw new DatabaseUnavailableError(describeTarget(current.target), error);
  }
}

/** Applies pending migrations (called at start-up from instrumentation.ts). */
export async function migrateAtStartup(): Promise<string[]> {
  return (await handle().ready).applied;
}

export function databaseDescription(): string {
  return describeTarget(handle().target);
}

/**
 * The locks that keep several instances from doing the same background work at once:
 * advisory locks on PostgreSQL, none needed on PGlite (one process per folder).
 */
export async function instanceLocks(): Promise<InstanceLocks> {
  const prisma = await db();
  return handle().target.kind === "postgres" ? advisoryLocks(prisma) : processLocks;
}

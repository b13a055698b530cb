import "server-only";
import { appEnv } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { databaseTarget, describeTarget, openDatabase, type OpenDatabase } from "./adapter";
import { DatabaseUnavailableError, errorText } from "./errors";
import { applyMigrations } from "./migrations";

// The process-wide database handle. Kept on globalThis because Next's dev server reloads
// modules: a second PGlite on the same folder would corrupt it.

interface DatabaseHandle {
  open: OpenDatabase;
  prisma: PrismaClient;
  /** Resolves once migrations are applied; rejects (and stays rejected) if they fail. */
  ready: Promise<string[]>;
}

const holder = globalThis as typeof globalThis & { __asyncscopeDb?: DatabaseHandle };

function connect(): DatabaseHandle {
  const open = openDatabase(databaseTarget(appEnv()));
  const ready = applyMigrations(open.adapterFactory).then((applied) => {
    if (applied.length > 0)
      console.info(`[db] applied migrations on ${describeTarget(open.target)}: ${applied.join(", ")}`);
    return applied;
  });
  // Logged here so a failure at start-up is visible even before anyone calls db().
  ready.catch((error: unknown) =>
    console.error(`[db] migrations failed on ${describeTarget(open.target)}: ${String(error)}`),
  );
  return { open, prisma: new PrismaClient({ adapter: open.adapterFactory }), ready };
}

function handle(): DatabaseHandle {
  holder.__asyncscopeDb ??= connect();
  return holder.__asyncscopeDb;
}

/**
 * The Prisma client, after migrations have been applied. Throws DatabaseUnavailableError when
 * they could not be; with PostgreSQL the next call tries again (the server may be back), with
 * PGlite not (a second PGlite on a folder the first may still hold would corrupt it).
 */
export async function db(): Promise<PrismaClient> {
  const current = handle();
  try {
    await current.ready;
  } catch (error) {
    if (current.open.target.kind === "postgres" && holder.__asyncscopeDb === current) {
      holder.__asyncscopeDb = undefined;
      await current.prisma
        .$disconnect()
        .catch((closing: unknown) => console.warn(`[db] closing the failed client: ${errorText(closing)}`));
    }
    throw new DatabaseUnavailableError(describeTarget(current.open.target), error);
  }
  return current.prisma;
}

/** Applies pending migrations (called at start-up from instrumentation.ts). */
export function migrateAtStartup(): Promise<string[]> {
  return handle().ready;
}

export function databaseDescription(): string {
  return describeTarget(handle().open.target);
}

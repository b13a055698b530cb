import "server-only";
import { appEnv } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { databaseTarget, describeTarget, openDatabase, type OpenDatabase } from "./adapter";
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

/** The Prisma client, after migrations have been applied. */
export async function db(): Promise<PrismaClient> {
  const current = handle();
  await current.ready;
  return current.prisma;
}

/** Applies pending migrations (called at start-up from instrumentation.ts). */
export function migrateAtStartup(): Promise<string[]> {
  return handle().ready;
}

export function databaseDescription(): string {
  return describeTarget(handle().open.target);
}

import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

// One place decides which database Asyncscope talks to: a real Postgres when DATABASE_URL
// is set (teams, several app instances), otherwise PGlite — Postgres compiled to wasm,
// in-process, with its files under the data folder — so a laptop needs no server.

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory" };

export function databaseTarget(env: { DATABASE_URL?: string; ASYNCSCOPE_DATA_DIR: string }): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: path.resolve(env.ASYNCSCOPE_DATA_DIR, "pglite") };
}

/** Where the database is, without credentials: safe for logs and /healthz. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `PGlite at ${target.dataDir}`;
  if (target.kind === "pglite-memory") return "PGlite in memory";
  const url = new URL(target.url);
  return `Postgres at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}

export interface OpenDatabase {
  target: DatabaseTarget;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases what `openDatabase` opened (PGlite files, pool connections). */
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget): OpenDatabase {
  if (target.kind === "postgres") {
    // The factory owns its pool and closes it with the adapter; nothing else to release.
    return { target, adapterFactory: new PrismaPg({ connectionString: target.url }), close: async () => {} };
  }
  let pglite: PGlite;
  if (target.kind === "pglite") {
    mkdirSync(target.dataDir, { recursive: true });
    pglite = new PGlite({ dataDir: target.dataDir });
  } else {
    pglite = new PGlite();
  }
  return { target, adapterFactory: new PrismaPGlite(pglite), close: () => pglite.close() };
}

import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { holdDataDir } from "./single-writer";

// One place decides which database Asyncscope talks to: a real Postgres when DATABASE_URL
// is set (teams, several app instances), otherwise PGlite — Postgres compiled to wasm,
// in-process, with its files under the data folder — so a laptop needs no server.

export type DatabaseTarget =
  { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string } | { kind: "pglite-memory" };

export function databaseTarget(env: { DATABASE_URL?: string; ASYNCSCOPE_DATA_DIR: string }): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: path.resolve(env.ASYNCSCOPE_DATA_DIR, "pglite") };
}

/**
 * Where the database is, without credentials: safe for logs and /healthz. Never throws: it
 * is called from the very log lines that report a broken DATABASE_URL, and must not hide
 * that report behind an exception of its own.
 */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `PGlite at ${target.dataDir}`;
  if (target.kind === "pglite-memory") return "PGlite in memory";
  const url = parseUrl(target.url);
  if (!url) return "Postgres (unparsable DATABASE_URL)";
  // A password with an unencoded "/" (postgres://app:2024/Secr3t@host/db) parses as host
  // "app", port 2024 and a path holding the rest of the secret: a database name is one path
  // segment without "@", anything else is read as unparsable rather than printed.
  if (!/^\/[^/@]*$/.test(url.pathname) && url.pathname !== "") return "Postgres (unparsable DATABASE_URL)";
  // Host, port and database only: never username, password or query parameters
  // (libpq accepts ?password=… too). No host (postgres:///db) means libpq's default socket.
  return `Postgres at ${url.hostname || "(default host)"}:${url.port || "5432"}${url.pathname}`;
}

/** The URL, or undefined when it cannot be parsed (the caller says so in its own words). */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch (error) {
    // WHATWG URL throws a TypeError (ERR_INVALID_URL) for unparsable input; anything else is a bug.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * PGlite's start parameters: its defaults, with a smaller buffer pool. PostgreSQL's 128 MB of
 * shared_buffers live inside PGlite's WebAssembly memory, which only ever grows; Asyncscope's
 * tables (incidents, notes, snapshots) are small and read rarely, so 16 MB holds what is hot
 * and the server starts about 100 MB smaller (docs/scale.md has the figures).
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

export interface OpenDatabase {
  target: DatabaseTarget;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases what `openDatabase` opened (PGlite files, pool connections). */
  close(): Promise<void>;
}

/**
 * Opens the target. A PGlite folder is held for this process first (single-writer.ts): a
 * second process on it fails here with DataDirInUseError, before PGlite touches a file.
 */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.kind === "postgres") {
    // The factory owns its pool and closes it with the adapter; nothing else to release.
    return { target, adapterFactory: new PrismaPg({ connectionString: target.url }), close: async () => {} };
  }
  if (target.kind === "pglite-memory") {
    const pglite = new PGlite({ startParams: [...PGLITE_START_PARAMS] });
    return { target, adapterFactory: new PrismaPGlite(pglite), close: () => pglite.close() };
  }
  mkdirSync(target.dataDir, { recursive: true });
  const lock = await holdDataDir(target.dataDir);
  let pglite: PGlite;
  try {
    pglite = new PGlite({ dataDir: target.dataDir, startParams: [...PGLITE_START_PARAMS] });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    target,
    adapterFactory: new PrismaPGlite(pglite),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        await lock.release();
      }
    },
  };
}

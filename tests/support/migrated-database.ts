import { afterAll, beforeAll, describe } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { openDatabase, type DatabaseTarget, type OpenDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { DATABASE_OPEN_TIMEOUT_MS } from "./database-timeout";
import { postgresUnavailableReason, startTestPostgres, type TestPostgres } from "./postgres";

/**
 * For a describe block: opens `target`, applies the migrations, and closes it after. Returns
 * the client (read it inside tests or hooks registered after this call).
 */
export function migratedDatabase(target: () => Promise<DatabaseTarget>): () => PrismaClient {
  let open: OpenDatabase | undefined;
  let db: PrismaClient | undefined;
  beforeAll(async () => {
    open = await openDatabase(await target());
    await applyMigrations(open.adapterFactory);
    db = new PrismaClient({ adapter: open.adapterFactory });
  }, DATABASE_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.$disconnect();
    await open?.close();
  });
  return () => {
    if (!db) throw new Error("migratedDatabase: the database is not open yet (read it inside a test or a later hook)");
    return db;
  };
}

/**
 * Declares `body` twice: on in-memory PGlite, and on a throwaway PostgreSQL database named
 * `databaseName`. Without a PostgreSQL server the second block is skipped with the reason in
 * its title, except where ASYNCSCOPE_REQUIRE_POSTGRES=1 (CI), where it fails instead.
 */
export function onEachDatabase(
  title: string,
  databaseName: string,
  body: (database: () => PrismaClient) => void,
): void {
  describe(`${title} on PGlite`, () => body(migratedDatabase(async () => ({ kind: "pglite-memory" }))));
  const missing = postgresUnavailableReason();
  const skip = missing !== undefined && process.env.ASYNCSCOPE_REQUIRE_POSTGRES !== "1";
  describe.skipIf(skip)(`${title} on PostgreSQL${skip ? ` (skipped: ${missing})` : ""}`, () => {
    let server: TestPostgres | undefined;
    afterAll(async () => {
      await server?.stop();
    });
    body(
      migratedDatabase(async () => {
        server = await startTestPostgres();
        return { kind: "postgres", url: await server.createDatabase(databaseName) };
      }),
    );
  });
}

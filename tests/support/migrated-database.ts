import { afterAll, beforeAll } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { openDatabase, type DatabaseTarget, type OpenDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";

/**
 * For a describe block: opens `target`, applies the migrations, and closes it after. Returns
 * the client (read it inside tests or hooks registered after this call).
 */
export function migratedDatabase(target: () => Promise<DatabaseTarget>): () => PrismaClient {
  let open: OpenDatabase | undefined;
  let db: PrismaClient | undefined;
  beforeAll(async () => {
    open = openDatabase(await target());
    await applyMigrations(open.adapterFactory);
    db = new PrismaClient({ adapter: open.adapterFactory });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await open?.close();
  });
  return () => {
    if (!db) throw new Error("migratedDatabase: the database is not open yet (read it inside a test or a later hook)");
    return db;
  };
}

// npm run db:migration:create -- <name> — writes prisma/migrations/<timestamp>_<name>/
// from the difference between the existing migrations and prisma/schema.prisma, using
// Prisma's wasm schema engine on a throw-away in-memory PGlite (no server, no download).
// With internet and a Postgres, `npx prisma migrate dev --name <name>` does the same.
import { openDatabase } from "@/lib/db/adapter";
import { createMigration } from "@/lib/db/migrations";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migration:create -- <name>   (lowercase letters, digits and _)");
  process.exit(2);
}
const open = await openDatabase({ kind: "pglite-memory" });
try {
  const folder = await createMigration(open.adapterFactory, name);
  console.log(folder ? `created ${folder}` : "schema.prisma matches the migrations: nothing to create");
} catch (error) {
  console.error(`could not create the migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await open.close();
}

// npm run db:migrate — applies pending migrations to the configured database
// (DATABASE_URL, or the embedded PGlite). Safe to run any number of times.
import { appEnv } from "@/lib/env";
import { databaseTarget, describeTarget, openDatabase } from "@/lib/db/adapter";
import { errorText } from "@/lib/db/errors";
import { applyMigrations } from "@/lib/db/migrations";

const target = databaseTarget(appEnv());
const open = await openDatabase(target).catch((error: unknown) => {
  // Another process holding the PGlite folder (or an unusable folder): say so, without a stack.
  console.error(`cannot open ${describeTarget(target)}: ${errorText(error)}`);
  process.exit(1);
});
try {
  const applied = await applyMigrations(open.adapterFactory);
  const where = describeTarget(open.target);
  console.log(applied.length === 0 ? `${where}: up to date` : `${where}: applied ${applied.join(", ")}`);
} catch (error) {
  console.error(
    `migration failed on ${describeTarget(open.target)}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await open.close();
}

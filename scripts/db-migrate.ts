// npm run db:migrate — applies pending migrations to the configured database
// (DATABASE_URL, or the embedded PGlite). Safe to run any number of times.
import { appEnv } from "@/lib/env";
import { databaseTarget, describeTarget, openDatabase } from "@/lib/db/adapter";
import { errorText } from "@/lib/db/errors";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";
import { convertLegacySnapshots } from "@/lib/evidence/convert-legacy-snapshots";

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
  // Snapshots stored as jsonb before compressed parts (the app does this at start-up too).
  const prisma = new PrismaClient({ adapter: open.adapterFactory });
  try {
    const { failed } = await convertLegacySnapshots(prisma, console.log);
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
  }
} catch (error) {
  console.error(
    `migration failed on ${describeTarget(open.target)}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await open.close();
}

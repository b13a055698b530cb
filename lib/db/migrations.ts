import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { withSchemaEngine } from "./schema-engine";

// Migrations: created from prisma/schema.prisma and applied by Prisma's schema engine
// (wasm), so the migration files and the _prisma_migrations table are exactly what the
// Prisma CLI would write and read. Contributors with internet may use `prisma migrate dev`
// instead; both produce the same folders.

export interface MigrationPaths {
  schemaFile: string;
  migrationsDir: string;
}

export function defaultMigrationPaths(root = process.cwd()): MigrationPaths {
  return {
    schemaFile: path.join(root, "prisma", "schema.prisma"),
    migrationsDir: path.join(root, "prisma", "migrations"),
  };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };
const LOCKFILE = "migration_lock.toml";

/** Loads prisma/migrations into the shape the engine expects (what the CLI does). */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => {
      const file = path.join(migrationsDir, folder, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (text) => ({ tag: "ok" as const, value: text }),
        (error: unknown) => ({ tag: "error" as const, value: `cannot read ${file}: ${String(error)}` }),
      );
      return { path: folder, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockfileContent = await readFile(path.join(migrationsDir, LOCKFILE), "utf8").catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    },
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies every migration not yet recorded in _prisma_migrations. Idempotent. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<string[]> {
  const [schemaText, migrationsList] = await Promise.all([
    readFile(/*turbopackIgnore: true*/ paths.schemaFile, "utf8"),
    readMigrationList(paths.migrationsDir),
  ]);
  return withSchemaEngine(adapterFactory, schemaText, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

/**
 * SQL that would take a database built from the migrations to schema.prisma; "" when they
 * agree. Replays the migrations on the adapter's shadow database.
 */
export async function migrationDrift(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<string> {
  const [schemaText, migrationsList] = await Promise.all([
    readFile(/*turbopackIgnore: true*/ paths.schemaFile, "utf8"),
    readMigrationList(paths.migrationsDir),
  ]);
  return withSchemaEngine(adapterFactory, schemaText, async (engine) => {
    // With no migration yet there is no lockfile to tell the engine the provider: start empty.
    const from =
      migrationsList.migrationDirectories.length === 0
        ? ({ tag: "empty" } as const)
        : ({ tag: "migrations", ...migrationsList } as const);
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: paths.schemaFile, content: schemaText }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    const script = scriptOf(result.stdout);
    return stripEmptyScript(script) === "" ? "" : script;
  });
}

/** SQL that would take the live database behind the adapter to schema.prisma; "" when in sync. */
export async function databaseDrift(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<string> {
  const schemaText = await readFile(/*turbopackIgnore: true*/ paths.schemaFile, "utf8");
  return withSchemaEngine(adapterFactory, schemaText, async (engine) => {
    const result = await engine.diff({
      from: {
        tag: "schemaDatasource",
        files: [{ path: paths.schemaFile, content: schemaText }],
        configDir: path.dirname(paths.schemaFile),
      },
      to: { tag: "schemaDatamodel", files: [{ path: paths.schemaFile, content: schemaText }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return stripEmptyScript(scriptOf(result.stdout));
  });
}

/** With `script: true` the engine always writes SQL; no output at all means it did not diff. */
function scriptOf(stdout: string | null): string {
  if (stdout === null) throw new Error("the schema engine returned no diff script (stdout was null)");
  return stdout;
}

/** The engine answers "-- This is an empty migration." when nothing differs. */
function stripEmptyScript(sql: string): string {
  const meaningful = sql
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"))
    .join("\n");
  return meaningful;
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the difference between the
 * existing migrations and schema.prisma, the way `prisma migrate dev --create-only` does.
 * (The engine's own createMigration wants a shadow database it cannot get through the
 * wasm bindings; diff replays the migrations on the adapter's shadow database instead.)
 * Returns the folder, or undefined when nothing changed.
 */
export async function createMigration(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  paths: MigrationPaths = defaultMigrationPaths(),
  now: Date = new Date(),
): Promise<string | undefined> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name "${name}": use lowercase letters, digits and _`);
  const script = await migrationDrift(adapterFactory, paths);
  if (script === "") return undefined;
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = path.join(paths.migrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), script);
  await writeFile(
    path.join(paths.migrationsDir, LOCKFILE),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return folder;
}

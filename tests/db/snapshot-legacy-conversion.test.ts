// Snapshots stored before compressed parts (jsonb in snapshot.bundle) must survive the
// migration: a database at the migration before, with two such rows (a recorded bundle and a
// format-1 bundle as stored then), is migrated and converted at start-up; both open as before,
// their jsonb is cleared, and what they share is stored once.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseTarget } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations, defaultMigrationPaths } from "@/lib/db/migrations";
import { convertLegacySnapshots } from "@/lib/evidence/convert-legacy-snapshots";
import { loadSnapshot } from "@/lib/evidence/load-snapshot";
import { getSnapshot } from "@/lib/incidents/repository";
import { postgresUnavailableReason, startTestPostgres, type TestPostgres } from "../support/postgres";

const PARTS_MIGRATION = "20261201103031_snapshot_parts";
const paths = defaultMigrationPaths();
const recorded = JSON.parse(
  zlib
    .gunzipSync(fs.readFileSync(path.resolve(import.meta.dirname, "../../demo/bundles/consumer-crashloop.json.gz")))
    .toString("utf8"),
) as { window: { from: string; to: string }; workflows: Array<{ config: { id: string } }> };
const formatOne = JSON.parse(
  zlib
    .gunzipSync(fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/bundles/v1-consumer-crashloop.json.gz")))
    .toString("utf8"),
) as typeof recorded;

/** The migrations folder as it was before snapshot parts. */
function migrationsBefore(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-migrations-"));
  cpSync(paths.migrationsDir, dir, { recursive: true });
  rmSync(path.join(dir, PARTS_MIGRATION), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function convertsWithoutLoss(target: DatabaseTarget) {
  const before = migrationsBefore();
  const open = await openDatabase(target);
  const db = new PrismaClient({ adapter: open.adapterFactory });
  try {
    await applyMigrations(open.adapterFactory, { ...paths, migrationsDir: before.dir });
    const ids: string[] = [];
    for (const bundle of [recorded, formatOne, recorded]) {
      const text = JSON.stringify(bundle);
      const [row] = await db.$queryRaw<Array<{ id: string }>>`
        INSERT INTO snapshot (id, workflow_id, window_from, window_to, bundle_version, bundle, size_bytes)
        VALUES (gen_random_uuid(), ${bundle.workflows[0]!.config.id}, ${new Date(bundle.window.from)}, ${new Date(bundle.window.to)},
                ${bundle === formatOne ? 1 : 2}, ${text}::jsonb, ${Buffer.byteLength(text)})
        RETURNING id::text AS id`;
      ids.push(row!.id);
    }
    // What the pages drew from them before (from the jsonb as stored).
    const openedBefore = [];
    await applyMigrations(open.adapterFactory, paths);
    // Migrated, not yet converted: still readable as stored.
    for (const id of ids) openedBefore.push((await loadSnapshot(id, db)).bundle);

    const lines: string[] = [];
    expect(await convertLegacySnapshots(db, (line) => lines.push(line))).toEqual({ converted: 3, failed: [] });
    expect(lines.join("\n")).toMatch(/3 converted, 0 failed/);

    for (const [index, id] of ids.entries()) {
      expect((await loadSnapshot(id, db)).bundle).toEqual(openedBefore[index]);
    }
    expect((await getSnapshot(db, ids[0]!)).bundle).toEqual(recorded);
    expect(await db.snapshot.count({ where: { manifest: null } })).toBe(0);
    const [counted] = await db.$queryRaw<
      Array<{ legacy: bigint }>
    >`SELECT count(*) AS legacy FROM snapshot WHERE bundle IS NOT NULL`;
    expect(Number(counted!.legacy)).toBe(0);
    // The two rows of the same recording share every part.
    const refs = await db.snapshotPartRef.findMany({ where: { snapshotId: { in: [ids[0]!, ids[2]!] } } });
    const partsOfFirst = refs
      .filter((ref) => ref.snapshotId === ids[0])
      .map((ref) => ref.partSha256)
      .sort();
    expect(
      refs
        .filter((ref) => ref.snapshotId === ids[2])
        .map((ref) => ref.partSha256)
        .sort(),
    ).toEqual(partsOfFirst);
    // Nothing left to do on the next start.
    expect(await convertLegacySnapshots(db, (line) => lines.push(line))).toEqual({ converted: 0, failed: [] });
  } finally {
    await db.$disconnect();
    await open.close();
    before.cleanup();
  }
}

describe("snapshots stored as jsonb, on PGlite", () => {
  it("are converted to compressed parts at start-up, and open as before", { timeout: 180_000 }, async () => {
    await convertsWithoutLoss({ kind: "pglite-memory" });
  });
});

const missing = postgresUnavailableReason();
const skip = missing !== undefined && process.env.ASYNCSCOPE_REQUIRE_POSTGRES !== "1";
describe.skipIf(skip)(`snapshots stored as jsonb, on PostgreSQL${skip ? ` (skipped: ${missing})` : ""}`, () => {
  let server: TestPostgres | undefined;
  afterAll(async () => {
    await server?.stop();
  });
  it("are converted to compressed parts at start-up, and open as before", { timeout: 180_000 }, async () => {
    server = await startTestPostgres();
    await convertsWithoutLoss({ kind: "postgres", url: await server.createDatabase("snapshot_legacy") });
  });
});

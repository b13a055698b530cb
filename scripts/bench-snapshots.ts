// npm run bench:snapshots – what 100 snapshots of one recording take in the database.
// Prints figures only (no pass/fail): the bytes the same 100 share links of a demo recording
// would take as jsonb (how snapshots were stored before) and as they are stored now (gzip
// manifest + parts stored once), measured with octet_length/pg_column_size on an in-memory
// PGlite with the app's migrations. Each snapshot differs from the others in its envelope
// (capturedAt, label), as share links of one incident window do.
//   --count N (default 100)   --bundle demo/bundles/<name>.json.gz
import path from "node:path";
import { openDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";
import { createSnapshot } from "@/lib/incidents/repository";
import { readBundleFile } from "@/lib/sources/recording/file";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const count = Number(option("count", "100"));
const file = path.resolve(option("bundle", "demo/bundles/consumer-crashloop.json.gz"));
const recording = readBundleFile(file);
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

const open = await openDatabase({ kind: "pglite-memory" });
const db = new PrismaClient({ adapter: open.adapterFactory });
try {
  await applyMigrations(open.adapterFactory);
  const startedMs = performance.now();
  for (let index = 0; index < count; index += 1) {
    await createSnapshot(db, {
      workflowId: recording.workflows[0]!.config.id,
      windowFrom: new Date(recording.window.from),
      windowTo: new Date(recording.window.to),
      bundleVersion: recording.version,
      bundle: { ...recording, capturedAt: new Date(Date.now() + index).toISOString(), label: `share link ${index}` },
    });
  }
  const writeMs = performance.now() - startedMs;
  // Before: the bundle as a jsonb value, as stored up to this change. pg_column_size of a
  // value not yet stored is its size before TOAST compression; on disk Postgres compressed it
  // (issue 16 measured 280 MB of data folder for 100 share links), so read this as an upper bound.
  const [before] = await db.$queryRaw<Array<{ jsonb: number }>>`
    SELECT pg_column_size(${JSON.stringify(recording)}::jsonb)::int AS jsonb`;
  const [now] = await db.$queryRaw<Array<{ parts: number; part_bytes: bigint; manifest_bytes: bigint; raw: bigint }>>`
    SELECT (SELECT count(*) FROM snapshot_part)::int AS parts,
           (SELECT coalesce(sum(octet_length(content)), 0) FROM snapshot_part) AS part_bytes,
           (SELECT coalesce(sum(octet_length(manifest)), 0) FROM snapshot) AS manifest_bytes,
           (SELECT coalesce(sum(size_bytes), 0) FROM snapshot) AS raw`;
  const stored = Number(now!.part_bytes) + Number(now!.manifest_bytes);
  const jsonb = before!.jsonb * count;
  console.log(`recording: ${path.relative(process.cwd(), file)}, ${mb(Number(now!.raw) / count)} as JSON`);
  console.log(`${count} snapshots, bundle as JSON:              ${mb(Number(now!.raw))}`);
  console.log(`${count} snapshots as jsonb (before, pre-TOAST):  ${mb(jsonb)} (${mb(before!.jsonb)} each)`);
  console.log(
    `${count} snapshots as manifest + shared parts (now): ${mb(stored)} (${now!.parts} parts ${mb(Number(now!.part_bytes))}, manifests ${mb(Number(now!.manifest_bytes))})`,
  );
  console.log(
    `ratio before/now: ${(jsonb / stored).toFixed(0)}×; write time ${(writeMs / count).toFixed(0)} ms per snapshot`,
  );
} finally {
  await db.$disconnect();
  await open.close();
}

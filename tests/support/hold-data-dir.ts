// A second process for tests/db/single-writer.test.ts: opens the PGlite folder given as the
// first argument as the server would, says so on stdout, and keeps it until killed.
import { openDatabase } from "@/lib/db/adapter";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: hold-data-dir.ts <dataDir>");
await openDatabase({ kind: "pglite", dataDir });
console.log(`held ${process.pid}`);
setInterval(() => {}, 60_000);

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll } from "vitest";
import { DATABASE_OPEN_TIMEOUT_MS } from "./database-timeout";

// Route handlers take the database from lib/db/client, the process-wide handle. Tests that
// call them point it at a throw-away PGlite folder first: call this at the top of the test
// file, before any handler runs (lib/env reads the environment once, on first use). The
// config is the e2e smoke config: workflow "checkout", every source at a closed loopback port.
export function pointAtThrowawayDatabase(): string {
  process.env.ASYNCSCOPE_CONFIG = path.resolve(import.meta.dirname, "../e2e/asyncscope.e2e.yaml");
  const dir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-routes-"));
  process.env.ASYNCSCOPE_DATA_DIR = dir;
  process.env.DATABASE_URL = ""; // empty counts as unset: never a developer's real Postgres
  process.env.ASYNCSCOPE_AUTH_HEADER = "";
  return dir;
}

/**
 * Opens (creates and migrates) the throw-away database before the file's tests, as the server
 * does at start-up before any request: a new PGlite folder can take longer than one test's 30 s
 * on a loaded machine (CI runs the lab beside the unit tests). Call it after
 * pointAtThrowawayDatabase, at the top of the file; not in files that reset modules, whose
 * handlers would open the folder a second time.
 */
export function openDatabaseBeforeTests(): void {
  beforeAll(async () => {
    const { db } = await import("@/lib/db/client");
    await db();
  }, DATABASE_OPEN_TIMEOUT_MS);
}

/** A JSON request as a browser's fetch sends it; `body` is sent as is when it is a string. */
export function jsonRequest(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(new URL(url, "http://asyncscope.test"), {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

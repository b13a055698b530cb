import { describe, expect, it } from "vitest";
import { databaseTarget, describeTarget, openDatabase } from "./adapter";

// describeTarget feeds start-up log lines ("database ready: …", "cannot start: …"):
// it must never print credentials and never throw, least of all for the broken URL the
// line is about to report.

describe("describeTarget", () => {
  it("prints host, port and database of a Postgres URL without user or password", () => {
    const text = describeTarget({ kind: "postgres", url: "postgres://user:secret@db.internal:5433/asyncscope" });
    expect(text).toBe("Postgres at db.internal:5433/asyncscope");
    expect(text).not.toContain("user");
    expect(text).not.toContain("secret");
  });

  it("defaults the port and leaves out query parameters, which may carry a password", () => {
    const text = describeTarget({
      kind: "postgres",
      url: "postgresql://asyncscope@127.0.0.1/incidents?password=hunter2&sslmode=require",
    });
    expect(text).toBe("Postgres at 127.0.0.1:5432/incidents");
    expect(text).not.toContain("hunter2");
  });

  it("says the URL is unparsable instead of throwing", () => {
    for (const url of [
      "postgres://user:secret@[not-an-ip/db",
      "postgres://user:secret@host:99999/db",
      "not a url",
      "postgres://app:2024/Secr3t@db.internal:5432/asyncscope",
    ]) {
      expect(() => describeTarget({ kind: "postgres", url })).not.toThrow();
      const text = describeTarget({ kind: "postgres", url });
      expect(text).toBe("Postgres (unparsable DATABASE_URL)");
      expect(text).not.toMatch(/secret/i);
    }
  });

  it("names the embedded database's folder", () => {
    expect(describeTarget(databaseTarget({ ASYNCSCOPE_DATA_DIR: "/var/lib/asyncscope" }))).toBe(
      "PGlite at /var/lib/asyncscope/pglite",
    );
    expect(describeTarget({ kind: "pglite-memory" })).toBe("PGlite in memory");
  });
});

describe("openDatabase on PGlite", () => {
  // The buffer pool lives in PGlite's WebAssembly memory, which never shrinks: PostgreSQL's
  // default 128 MB would be held for good (docs/scale.md).
  it("starts PostgreSQL with a 16 MB buffer pool", { timeout: 120_000 }, async () => {
    const open = await openDatabase({ kind: "pglite-memory" });
    try {
      const connection = await open.adapterFactory.connect();
      const result = await connection.queryRaw({ sql: "SHOW shared_buffers", args: [], argTypes: [] });
      expect(result.rows).toEqual([["16MB"]]);
    } finally {
      await open.close();
    }
  });
});

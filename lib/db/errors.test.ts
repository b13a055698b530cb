import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/client";
import {
  DatabaseUnavailableError,
  databaseUnavailable,
  errorText,
  missingReference,
  REFERENCED_ENTITY,
} from "./errors";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

function foreignKeyError(
  meta: Record<string, unknown>,
  message = "Foreign key constraint violated",
): Prisma.PrismaClientKnownRequestError {
  return new Prisma.PrismaClientKnownRequestError(message, { code: "P2003", clientVersion: "7.10.0", meta });
}

describe("missingReference", () => {
  it("knows every foreign key the migrations create", () => {
    const sql = readdirSync(MIGRATIONS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => readFileSync(path.join(MIGRATIONS, entry.name, "migration.sql"), "utf8"))
      .join("\n");
    const constraints = [...sql.matchAll(/ADD CONSTRAINT "(\w+_fkey)" FOREIGN KEY/g)].map((match) => match[1]);
    expect(constraints.length).toBeGreaterThan(0);
    expect(constraints.filter((name) => !(name! in REFERENCED_ENTITY))).toEqual([]);
  });

  it("reads the constraint a driver adapter reports", () => {
    const error = foreignKeyError({
      modelName: "TimelineEvent",
      driverAdapterError: {
        name: "DriverAdapterError",
        cause: { kind: "ForeignKeyConstraintViolation", constraint: { index: "timeline_event_snapshot_id_fkey" } },
      },
    });
    expect(missingReference(error)).toEqual({ entity: "snapshot", constraint: "timeline_event_snapshot_id_fkey" });
  });

  it("reads the constraint Prisma's own engine names in field_name", () => {
    expect(missingReference(foreignKeyError({ field_name: "snapshot_incident_id_fkey (index)" }))).toEqual({
      entity: "incident",
      constraint: "snapshot_incident_id_fkey",
    });
  });

  it("still says something was missing when the constraint is unknown, and ignores other errors", () => {
    expect(missingReference(foreignKeyError({}))).toEqual({ entity: "referenced row", constraint: undefined });
    expect(
      missingReference(
        new Prisma.PrismaClientKnownRequestError("Unique constraint failed", {
          code: "P2002",
          clientVersion: "7.10.0",
        }),
      ),
    ).toBeUndefined();
    expect(missingReference(new Error("P2003"))).toBeUndefined();
  });
});

describe("errorText", () => {
  it("skips Prisma's empty first line and invocation header, to the line that says what happened", () => {
    // As Prisma 7 words a raw query against a server that is down (recorded from a run here).
    const message =
      "\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:1`";
    expect(errorText(new Error(message))).toBe(
      "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:1`",
    );
    expect(errorText(new Error(""))).toBe("Error");
    expect(errorText("plain")).toBe("plain");
  });
});

describe("databaseUnavailable", () => {
  const known = (code: string, meta?: Record<string, unknown>) =>
    new Prisma.PrismaClientKnownRequestError("x", { code, clientVersion: "7.10.0", ...(meta ? { meta } : {}) });

  it("is true for a server that cannot be reached, by driver error kind or Prisma code", () => {
    expect(
      databaseUnavailable(known("P2010", { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } })),
    ).toBe(true);
    expect(databaseUnavailable(known("P1001"))).toBe(true);
    expect(databaseUnavailable(new DatabaseUnavailableError("PGlite at /x", new Error("held")))).toBe(true);
  });

  it("is false for the client's own mistakes and for bugs", () => {
    expect(databaseUnavailable(known("P2003"))).toBe(false);
    expect(
      databaseUnavailable(known("P2010", { driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } })),
    ).toBe(false);
    expect(databaseUnavailable(new TypeError("undefined is not a function"))).toBe(false);
  });
});

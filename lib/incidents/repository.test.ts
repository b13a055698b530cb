import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { ConflictError } from "./errors";
import { updateIncident } from "./repository";

// The lost race of an optimistic edit, made deterministic with a stand-in transaction: the
// row is read at version 1, someone else's edit commits (version 2), our conditional update
// then matches nothing. (tests/db/incidents.test.ts runs the real race on PGlite and Postgres.)
describe("updateIncident after losing a race", () => {
  it("reports the version stored now, read again after the failed update", async () => {
    const versions = [1, 2];
    const tx = {
      incident: {
        findUnique: async () => ({
          id: "6f1c2a4e-0000-4000-8000-000000000001",
          status: "investigating",
          startedAt: new Date(0),
          resolvedAt: null,
          version: versions.shift(),
        }),
        updateMany: async () => ({ count: 0 }),
      },
    };
    const db = {
      $transaction: async (work: (client: typeof tx) => Promise<unknown>) => work(tx),
    } as unknown as PrismaClient;
    const error = await updateIncident(db, "6f1c2a4e-0000-4000-8000-000000000001", 1, { title: "mine" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect((error as Error).message).toContain("you edited version 1, it is now 2");
  });
});

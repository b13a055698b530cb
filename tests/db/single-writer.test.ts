import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/adapter";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrations";
import { DataDirInUseError, holdDataDir, lockFileOf } from "@/lib/db/single-writer";
import { createIncident, getIncident } from "@/lib/incidents/repository";
import { DATABASE_OPEN_TIMEOUT_MS } from "../support/database-timeout";

// One process per PGlite folder, with real processes: a second one is refused naming the
// holder's pid, and a holder killed with SIGKILL leaves no lock behind. (Each holdDataDir call
// runs its own flock process, so concurrent calls in this process contend as processes do.)

const children: ChildProcess[] = [];

/** Starts a process that opens `dataDir` with PGlite and holds it; resolves with its pid. */
function holderProcess(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    // tsx as a loader, not its CLI: one process, so child.pid is the holder's pid.
    ["--import", "tsx", path.resolve("tests/support/hold-data-dir.ts"), dataDir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`held ${child.pid}`)) resolve(child);
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}:\n${output}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Opens the folder as the server does (lock, migrations), runs `work`, closes it. */
async function withPrisma<T>(dataDir: string, work: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const open = await openDatabase({ kind: "pglite", dataDir });
  const prisma = new PrismaClient({ adapter: open.adapterFactory });
  try {
    await applyMigrations(open.adapterFactory);
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
    await open.close();
  }
}

const newDataDir = () => path.join(mkdtempSync(path.join(os.tmpdir(), "asyncscope-writer-")), "pglite");

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) await killed(child);
});

describe("one writer per PGlite folder", () => {
  it(
    "refuses a second process, naming the holder's pid, before PGlite touches the folder",
    async () => {
      const dataDir = newDataDir();
      const holder = await holderProcess(dataDir);
      const refused = openDatabase({ kind: "pglite", dataDir });
      await expect(refused).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(refused).rejects.toThrow(`is in use by another Asyncscope (pid ${holder.pid} on ${os.hostname()}`);
    },
    DATABASE_OPEN_TIMEOUT_MS,
  );

  it(
    "a holder killed with SIGKILL leaves no lock: the next process opens the folder, data intact",
    async () => {
      const dataDir = newDataDir();
      const id = await withPrisma(dataDir, async (prisma) => {
        const incident = await createIncident(prisma, {
          title: "written before the crash",
          severity: "sev2",
          startedAt: new Date("2026-11-23T14:03:00Z"),
          workflowIds: ["checkout"],
        });
        return incident.id;
      });
      const holder = await holderProcess(dataDir);
      await killed(holder);
      // The lock file stays; the lock on it went with the process.
      expect(existsSync(lockFileOf(dataDir))).toBe(true);
      const found = await withPrisma(dataDir, (prisma) => getIncident(prisma, id));
      expect(found.title).toBe("written before the crash");
      // Released on close: the folder can be held again.
      await (await holdDataDir(dataDir)).release();
    },
    DATABASE_OPEN_TIMEOUT_MS,
  );

  it(
    "a stopped holder (Ctrl-Z) still holds it: refused at once, not a hang",
    async () => {
      const dataDir = newDataDir();
      const holder = await holderProcess(dataDir);
      holder.kill("SIGSTOP");
      try {
        const startedAt = Date.now();
        await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toThrow(`pid ${holder.pid}`);
        expect(Date.now() - startedAt).toBeLessThan(10_000);
      } finally {
        holder.kill("SIGCONT");
      }
    },
    DATABASE_OPEN_TIMEOUT_MS,
  );

  it(
    "of three attempts at once on a dead holder's lock, exactly one takes it",
    async () => {
      const dataDir = newDataDir();
      await killed(await holderProcess(dataDir));
      const attempts = await Promise.allSettled([holdDataDir(dataDir), holdDataDir(dataDir), holdDataDir(dataDir)]);
      const won = attempts.filter((a) => a.status === "fulfilled");
      const lost = attempts.filter((a) => a.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      for (const loss of lost) expect((loss as PromiseRejectedResult).reason).toBeInstanceOf(DataDirInUseError);
      await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
    },
    DATABASE_OPEN_TIMEOUT_MS,
  );
});

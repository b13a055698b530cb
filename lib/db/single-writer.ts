import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";

// One process per PGlite folder. PGlite has no lock of its own: two servers on one folder both
// start, both acknowledge writes, and one's writes are gone on restart.
//
// The lock is the kernel's: flock(2) on a file beside the folder, held by util-linux's `flock`
// running as our child. The child holds it until its stdin closes, and the kernel closes our end
// of that pipe when we exit, however we exit (kill -9 included): a lock is never left behind,
// and two processes can never both hold it, whichever starts first. Node has no flock of its
// own; the flock binary is part of util-linux, on every Linux this runs on.

/** Another live process holds the folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: string,
  ) {
    super(
      `the database folder ${dataDir} is in use by another Asyncscope (${holder}); stop it, or give this one its own ASYNCSCOPE_DATA_DIR (or DATABASE_URL for a shared PostgreSQL)`,
    );
    this.name = "DataDirInUseError";
  }
}

export interface DataDirLock {
  /** The file the lock is taken on. */
  lockFile: string;
  release(): Promise<void>;
}

/** flock's exit code when the lock is held elsewhere (--conflict-exit-code). */
const CONFLICT_EXIT = 75;
/** A holder that was just killed lets go within milliseconds; a live one does not. */
const CONFLICT_RETRIES = 5;
const CONFLICT_RETRY_MS = 200;

export function lockFileOf(dataDir: string): string {
  return `${dataDir}.lock`;
}

/** Who holds the lock, as the holder wrote it into the lock file. */
async function holderOf(lockFile: string): Promise<string> {
  const text = await readFile(lockFile, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  try {
    const { pid, host, since } = JSON.parse(text) as { pid: number; host: string; since: string };
    return `pid ${pid} on ${host}, since ${since}`;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // The holder has the lock but has not written its name yet (it is starting).
    return "a process that is starting";
  }
}

type Attempt = { held: ChildProcess } | { conflict: true } | { unavailable: string };

/** One try: resolves once `flock` holds the lock, or says why it does not. */
function attempt(lockFile: string): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "flock",
      ["--nonblock", "--conflict-exit-code", String(CONFLICT_EXIT), lockFile, "-c", "echo held; exec cat >/dev/null"],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith("held")) resolve({ held: child });
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") resolve({ unavailable: "the flock command (util-linux) is not installed" });
      else reject(error);
    });
    child.on("exit", (code, signal) => {
      if (code === CONFLICT_EXIT) resolve({ conflict: true });
      else if (!stdout.startsWith("held"))
        reject(new Error(`flock on ${lockFile} ended with ${code ?? signal}: ${stderr.trim() || "no message"}`));
    });
  });
}

/**
 * Holds `dataDir` for this process until `release()` (or until it exits, however it exits).
 * Throws DataDirInUseError naming the holder when another live process has it.
 */
export async function holdDataDir(dataDir: string): Promise<DataDirLock> {
  const lockFile = lockFileOf(dataDir);
  for (let tries = 1; ; tries++) {
    const result = await attempt(lockFile);
    if ("unavailable" in result) {
      // macOS and other systems without util-linux: say so, and go on unprotected.
      console.warn(`[db] cannot lock ${dataDir} (${result.unavailable}): run one Asyncscope per data folder`);
      return { lockFile, release: async () => {} };
    }
    if ("held" in result) return holding(lockFile, result.held);
    if (tries >= CONFLICT_RETRIES) throw new DataDirInUseError(dataDir, await holderOf(lockFile));
    await new Promise((resolve) => setTimeout(resolve, CONFLICT_RETRY_MS));
  }
}

async function holding(lockFile: string, child: ChildProcess): Promise<DataDirLock> {
  await writeFile(
    lockFile,
    JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }) + "\n",
  );
  let released = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    // Someone killed the lock holder: another process may now open the folder under us.
    if (!released) console.error(`[db] lost the lock on ${lockFile}: flock ended with ${code ?? signal}`);
  });
  // The lock must not keep a script alive once its work is done; it ends with the process.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as { unref?: () => void }).unref?.();
  return {
    lockFile,
    release: async () => {
      if (released) return;
      released = true;
      child.stdin!.end();
      await exited;
    },
  };
}

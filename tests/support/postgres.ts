import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

// A throw-away PostgreSQL server for tests: a new cluster in a temp folder, listening on a
// free loopback port, stopped and deleted afterwards. Uses Debian's postgresql binaries
// (installed by .ci/run). ASYNCSCOPE_TEST_POSTGRES_URL points the tests at a server you
// run yourself instead.

export interface TestPostgres {
  /** URL of an empty database that only this caller uses. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (existsSync(path.join(bin, "initdb"))) return bin;
  }
  return undefined;
}

export function postgresUnavailableReason(): string | undefined {
  if (process.env.ASYNCSCOPE_TEST_POSTGRES_URL) return undefined;
  if (findPostgresBin()) return undefined;
  return "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql) and ASYNCSCOPE_TEST_POSTGRES_URL unset";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** initdb refuses to run as root; on CI machines we are root, so run as the postgres user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ["runuser", ["-u", "postgres", "--", command, ...args]];
  return [command, args];
}

async function waitForReady(bin: string, port: number, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${log()}`);
    try {
      execFileSync(path.join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
      return;
    } catch {
      // pg_isready exits non-zero until the server accepts connections; poll again.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`postgres did not accept connections on port ${port} within 30 s:\n${log()}`);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.ASYNCSCOPE_TEST_POSTGRES_URL;
  if (external) {
    return {
      async createDatabase(name) {
        const url = new URL(external);
        const unique = `${name}_${process.pid}_${Date.now()}`;
        await adminQuery(external, `CREATE DATABASE "${unique}"`);
        url.pathname = `/${unique}`;
        return url.toString();
      },
      async stop() {},
    };
  }
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailableReason());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-pg-"));
  chmodSync(dataDir, 0o777);
  const clusterDir = path.join(dataDir, "cluster");
  const [initCmd, initArgs] = asPostgresUser(path.join(bin, "initdb"), [
    "-D",
    clusterDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });
  const port = await freePort();
  const [serverCmd, serverArgs] = asPostgresUser(path.join(bin, "postgres"), [
    "-D",
    clusterDir,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `unix_socket_directories=${dataDir}`,
    "-c",
    "fsync=off",
  ]);
  const server = spawn(serverCmd, serverArgs, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForReady(bin, port, server, () => output);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    async createDatabase(name) {
      await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      const exited =
        server.exitCode !== null ? Promise.resolve() : new Promise((resolve) => server.once("exit", resolve));
      // pg_ctl as the cluster's owner: a signal to runuser would not reach postgres itself.
      const [stopCmd, stopArgs] = asPostgresUser(path.join(bin, "pg_ctl"), [
        "-D",
        clusterDir,
        "stop",
        "-m",
        "fast",
        "-w",
      ]);
      execFileSync(stopCmd, stopArgs, { stdio: "pipe" });
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

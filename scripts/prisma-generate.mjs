// Runs `prisma generate` on machines that cannot download Prisma's schema engine.
// Generating the client needs no engine at all (Prisma 7 uses the query compiler and
// driver adapters), but the CLI looks for one at start: any existing file satisfies that
// check, and it is never executed by `generate`. Set PRISMA_SCHEMA_ENGINE_BINARY yourself
// to use a real engine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
if (result.error) {
  console.error(`prisma generate could not start: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

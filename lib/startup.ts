import "server-only";
import { appConfig, ConfigError, configFilePath } from "@/lib/config";
import { EnvError } from "@/lib/env";
import { databaseDescription, migrateAtStartup } from "@/lib/db/client";

/**
 * Start-up checks (instrumentation.ts). Bad configuration ends the process with exit code
 * 1 and a message that says what to fix, without a stack trace; a database that cannot be
 * migrated does the same, since every incident feature depends on it.
 */
export async function startServer(): Promise<void> {
  try {
    const config = appConfig();
    console.info(`[asyncscope] config ${configFilePath()}: ${config.workflows.length} workflow(s)`);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EnvError) {
      console.error(`[asyncscope] cannot start:\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  try {
    await migrateAtStartup();
    console.info(`[asyncscope] database ready: ${databaseDescription()}`);
  } catch (error) {
    console.error(`[asyncscope] cannot start: database migrations failed on ${databaseDescription()}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    process.exit(1);
  }
}

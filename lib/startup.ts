import "server-only";
import { appConfig, ConfigError, configFilePath } from "@/lib/config";
import { recordPeerAddresses } from "@/lib/api/peer-address";
import { appEnv, EnvError } from "@/lib/env";
import { databaseDescription, db, instanceLocks, migrateAtStartup } from "@/lib/db/client";
import { errorText } from "@/lib/db/errors";
import { startTimelineKeeper } from "@/lib/incidents/timeline-keeper";
import { RETENTION_INTERVAL_MS, startRetentionKeeper } from "@/lib/incidents/retention-sweep";
import { startCheckSweep } from "@/lib/telemetry/check-sweep";
import { startConfiguredSamplers } from "@/lib/telemetry/configured-samplers";

/**
 * Start-up checks (instrumentation.ts), once each request's peer address is being recorded
 * (lib/api/peer-address.ts). Bad configuration (an identity header without trusted proxies,
 * too) ends the process with exit code 1 and a message that says what to fix, without a
 * stack trace; a database that cannot be migrated does the same, since every incident
 * feature depends on it. Then the background derivation of open incidents' timelines starts
 * (timeline-keeper.ts), the sweep that keeps the checks' state at /api/metrics
 * (telemetry/check-sweep.ts), and the hourly retention sweep of old unpinned snapshots and
 * resolved incidents (incidents/retention-sweep.ts), and the broker samplers the config turns
 * on (telemetry/configured-samplers.ts).
 */
export async function startServer(): Promise<void> {
  // First, so the earliest requests already carry their peer address (proxy.ts needs it to
  // believe ASYNCSCOPE_AUTH_HEADER; a request without it is refused, never trusted).
  recordPeerAddresses();
  try {
    const env = appEnv();
    if (env.ASYNCSCOPE_AUTH_HEADER)
      console.info(
        `[asyncscope] the author of writes is the ${env.ASYNCSCOPE_AUTH_HEADER} header, believed only from ${env.ASYNCSCOPE_TRUSTED_PROXIES?.join(", ")}`,
      );
    const config = appConfig();
    console.info(`[asyncscope] config ${configFilePath()}: ${config.workflows.length} workflow(s)`);
    for (const line of config.deprecations ?? []) console.warn(`[asyncscope] ${line}`);
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
    console.error(`[asyncscope] cannot start: ${databaseDescription()}: ${errorText(error)}`);
    process.exit(1);
  }
  const intervalSeconds = appEnv().ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS;
  if (intervalSeconds > 0) {
    startTimelineKeeper(db, intervalSeconds * 1000, console, instanceLocks);
    console.info(`[asyncscope] open incidents' timelines are derived every ${intervalSeconds} s`);
  } else {
    console.info(
      "[asyncscope] background timeline derivation is off (ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS=0); an incident's timeline is derived only after someone opens its page",
    );
  }
  const retention = {
    unpinnedSnapshotDays: appEnv().ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS,
    resolvedIncidentDays: appEnv().ASYNCSCOPE_RESOLVED_INCIDENT_RETENTION_DAYS,
  };
  if (retention.unpinnedSnapshotDays > 0 || retention.resolvedIncidentDays > 0) {
    startRetentionKeeper(db, retention, RETENTION_INTERVAL_MS, console, instanceLocks);
    console.info(
      `[asyncscope] retention, swept hourly: snapshots pinned to no incident ${retention.unpinnedSnapshotDays > 0 ? `after ${retention.unpinnedSnapshotDays} days` : "kept"}, resolved incidents ${retention.resolvedIncidentDays > 0 ? `after ${retention.resolvedIncidentDays} days` : "kept"}`,
    );
  } else {
    console.info(
      "[asyncscope] retention is off (ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS=0, ASYNCSCOPE_RESOLVED_INCIDENT_RETENTION_DAYS=0): nothing is deleted automatically",
    );
  }
  const sweepSeconds = appEnv().ASYNCSCOPE_CHECK_SWEEP_SECONDS;
  if (sweepSeconds > 0) {
    startCheckSweep(sweepSeconds * 1000);
    console.info(`[asyncscope] every workflow's checks are evaluated every ${sweepSeconds} s for /api/metrics`);
  } else {
    console.info(
      "[asyncscope] background check sweep is off (ASYNCSCOPE_CHECK_SWEEP_SECONDS=0); /api/metrics has no asyncscope_check_status",
    );
  }
  // The brokers' history for Prometheus, where no exporter keeps it (sources.<broker>.sampler).
  await startConfiguredSamplers(appConfig(), await instanceLocks());
}

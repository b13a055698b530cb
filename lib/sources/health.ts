import type { SourceHealth } from "@/lib/domain/source";
import { SourceError } from "./errors";

/**
 * Runs a health probe and turns its outcome into a message a person can act on. A SourceError
 * already carries such a message; anything else is a bug in the probe and is reported as one.
 */
export async function probeHealth(
  probe: () => Promise<{ message: string; version?: string; degraded?: boolean }>,
): Promise<SourceHealth> {
  const started = performance.now();
  try {
    const { message, version, degraded } = await probe();
    return {
      ok: true,
      message,
      latencyMs: Math.round(performance.now() - started),
      ...(version ? { version } : {}),
      ...(degraded ? { degraded } : {}),
    };
  } catch (error) {
    const message =
      error instanceof SourceError
        ? error.message
        : `health check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, message, latencyMs: Math.round(performance.now() - started) };
  }
}

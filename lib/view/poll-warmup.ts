import "server-only";
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import { evaluateShared, findWorkflow } from "@/lib/evaluate";
import { REFRESH_SECONDS } from "./refresh-grid";
import { alignedNow } from "./time-range";
import { WatchedWindows, type WatchedWindow } from "./watched-windows";

// Every viewer of a workflow page polls in the same seconds after each refresh boundary
// (lib/view/refresh-grid.ts), and they share one evaluation per 5-s slot. Without a warm-up the
// first poll of a period starts that evaluation and every other poll waits for it: with 200
// viewers, each poll then waited for the upstreams (docs/scale.md). So at each boundary the
// server itself starts the evaluation of every window polled in the last period and a half; the
// polls, which come POLL_OFFSET_MS later, find it under way or done. It is the evaluation the
// first poll would have started (the same key in evaluateShared), so it costs no upstream query
// more while someone watches, and one more period's at most after the last viewer leaves.

const PERIOD_MS = REFRESH_SECONDS * 1000;
/** Past the boundary, so "now" (aligned to 5 s) is the new slot's, as the polls' will be. */
const AFTER_BOUNDARY_MS = 50;

export interface WarmupDeps {
  windows?: WatchedWindows;
  config?: AsyncscopeConfig;
  /** Default evaluateShared: the very run a poll of the same window joins. */
  evaluate?: (workflow: WorkflowConfig, window: { fromMs: number; toMs: number }) => Promise<unknown>;
  log?: Pick<Console, "warn">;
}

interface Warmup {
  windows: WatchedWindows;
  timer: ReturnType<typeof setTimeout> | undefined;
}

// On globalThis: the data API route and anything else noting polls may be bundled apart.
const WARMUP = Symbol.for("asyncscope.poll-warmup");
const holder = globalThis as unknown as Record<symbol, Warmup | undefined>;

function warmup(): Warmup {
  return (holder[WARMUP] ??= { windows: new WatchedWindows(1.5 * PERIOD_MS, 64), timer: undefined });
}

/** Milliseconds from `nowMs` to just past the next refresh boundary. */
export function msUntilWarmup(nowMs: number): number {
  return PERIOD_MS - ((((nowMs - AFTER_BOUNDARY_MS) % PERIOD_MS) + PERIOD_MS) % PERIOD_MS);
}

/** Starts the evaluations of the windows still watched at `nowMs`; answers how many started. */
export function warmWatched(nowMs: number, deps: WarmupDeps = {}): number {
  const windows = deps.windows ?? warmup().windows;
  const config = deps.config ?? appConfig();
  const evaluate = deps.evaluate ?? evaluateShared;
  const log = deps.log ?? console;
  const toMs = alignedNow(nowMs);
  let started = 0;
  for (const watched of windows.watched(nowMs)) {
    const workflow = findWorkflow(watched.workflowId, config);
    // Removed from the config since, or a recording, whose page does not poll: nothing to warm.
    if (!workflow || workflow.replay) continue;
    started += 1;
    // The window a poll in this slot asks for (parseTimeRange of a relative range).
    evaluate(workflow, { fromMs: toMs - watched.lengthMs, toMs }).catch((error: unknown) =>
      // evaluateShared does not throw for a failed source; anything else is a bug worth a line.
      log.warn(
        `[asyncscope] poll warm-up of ${watched.workflowId} failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  return started;
}

function schedule(state: Warmup): void {
  state.timer = setTimeout(() => {
    state.timer = undefined;
    const started = warmWatched(Date.now());
    // Nobody watching: no timer until the next poll.
    if (started > 0) schedule(state);
  }, msUntilWarmup(Date.now()));
  state.timer.unref();
}

/** A poll of `window` (a relative window, moving with now) arrived: keep it warm while polled. */
export function notePoll(window: WatchedWindow, nowMs = Date.now()): void {
  const state = warmup();
  state.windows.note(window, nowMs);
  if (state.timer === undefined) schedule(state);
}

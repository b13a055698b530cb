import "server-only";
import { appConfig } from "@/lib/config";
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import { evaluateShared, findWorkflow } from "@/lib/evaluate";
import { msPastGridInstant, REFRESH_SECONDS } from "./refresh-grid";
import { ALIGN_MS, type TimeRange } from "./time-range";
import { WatchedWindows, type WatchedWindow } from "./watched-windows";

// Every viewer of a workflow page polls in the same seconds after each refresh boundary
// (lib/view/refresh-grid.ts), and they share one evaluation per 5-s slot. Without a warm-up the
// first poll of a period starts that evaluation and every other poll waits for it: with 200
// viewers, each poll then waited for the upstreams (docs/scale.md). So at each boundary the
// server itself starts the evaluation of every window polled on the grid in the last period and a
// half; the polls, which come POLL_OFFSET_MS later, find it under way or done. It is the
// evaluation the period's first poll would have started (the same key in evaluateShared): while
// viewers poll on the grid it costs no upstream query more, and after the last one leaves, one
// more evaluation at most. Only polls arriving in a boundary's 5-s slot count as on the grid: a
// script polling at its own pace would otherwise pay for evaluations nobody asks for.

const PERIOD_MS = REFRESH_SECONDS * 1000;
/** Past the boundary, so "now" (aligned to 5 s) is the new slot's, as the polls' will be. */
const AFTER_BOUNDARY_MS = 50;

export interface WarmupDeps {
  config?: () => AsyncscopeConfig;
  /** Default evaluateShared: the very run a poll of the same window joins. */
  evaluate?: (workflow: WorkflowConfig, window: { fromMs: number; toMs: number }) => Promise<unknown>;
  log?: Pick<Console, "warn">;
  now?: () => number;
}

/** The window to keep warm for a poll of `range`, or undefined for a fixed window (it does not move). */
export function watchedWindowOf(workflowId: string, range: TimeRange): WatchedWindow | undefined {
  return range.kind === "relative" ? { workflowId, lengthMs: range.toMs - range.fromMs } : undefined;
}

/** Milliseconds from `nowMs` to just past the next refresh boundary. */
export function msUntilWarmup(nowMs: number): number {
  return PERIOD_MS - msPastGridInstant(nowMs, PERIOD_MS, AFTER_BOUNDARY_MS);
}

/** Whether a poll at `nowMs` is on the refresh grid: in the 5-s slot that starts at a boundary. */
export function onGrid(nowMs: number): boolean {
  return msPastGridInstant(nowMs, PERIOD_MS) < ALIGN_MS;
}

export class PollWarmup {
  private readonly windows = new WatchedWindows(1.5 * PERIOD_MS, 64);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly config: () => AsyncscopeConfig;
  private readonly evaluate: NonNullable<WarmupDeps["evaluate"]>;
  private readonly log: Pick<Console, "warn">;
  private readonly now: () => number;

  constructor(deps: WarmupDeps = {}) {
    this.config = deps.config ?? appConfig;
    this.evaluate = deps.evaluate ?? evaluateShared;
    this.log = deps.log ?? console;
    this.now = deps.now ?? Date.now;
  }

  /**
   * A poll of `window` for the moment `polledAtMs`: if on the grid, its evaluation starts at the
   * next boundary. The moment is the one the poll was sent for (lib/view/poll-moment.ts), or its
   * arrival: a poll that waited seconds for its evaluation still came on the grid.
   */
  notePoll(window: WatchedWindow, polledAtMs: number): void {
    if (!onGrid(polledAtMs)) return;
    this.windows.note(window, polledAtMs);
    if (this.timer === undefined) this.schedule();
  }

  /** Whether a boundary is due (a poll came on the grid since the last); for tests. */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Starts the evaluations of the windows still watched. */
  private warm(): void {
    const nowMs = this.now();
    const config = this.config();
    // The slot of the boundary just passed, which the period's polls ask for (their `at`), even
    // when a busy server runs this timer seconds late.
    const toMs = nowMs - msPastGridInstant(nowMs, PERIOD_MS);
    for (const watched of this.windows.watched(nowMs)) {
      const workflow = findWorkflow(watched.workflowId, config);
      // Removed from the config since, or a recording, whose page does not poll: nothing to warm.
      if (!workflow || workflow.replay) continue;
      // The window a poll in this slot asks for (parseTimeRange of a relative range).
      this.evaluate(workflow, { fromMs: toMs - watched.lengthMs, toMs }).catch((error: unknown) =>
        // evaluateShared does not throw for a failed source; anything else is a bug worth a line.
        this.log.warn(`[asyncscope] poll warm-up of ${watched.workflowId} failed: ${messageOf(error)}`),
      );
    }
  }

  // One boundary at a time: the period's polls, noted as they come, ask for the next one. Nobody
  // polling, no timer.
  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.warm();
      } catch (error) {
        // A config that no longer loads, say: the polls evaluate for themselves meanwhile.
        this.log.warn(`[asyncscope] poll warm-up failed: ${messageOf(error)}`);
      }
    }, msUntilWarmup(this.now()));
    this.timer.unref();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// One per process, on globalThis: the data API route may be bundled more than once.
const WARMUP = Symbol.for("asyncscope.poll-warmup");
const holder = globalThis as unknown as Record<symbol, PollWarmup | undefined>;

/** The process's warm-up of polled windows. */
export function pollWarmup(): PollWarmup {
  return (holder[WARMUP] ??= new PollWarmup());
}

// The relative windows of workflow pages being polled now: workflow id × window length, with the
// last time a poll asked for each. The poll warm-up (lib/view/poll-warmup.ts) evaluates them at
// each refresh boundary, so the polls that follow find the evaluation under way or done. Pure.

export interface WatchedWindow {
  workflowId: string;
  lengthMs: number;
}

export class WatchedWindows {
  private readonly lastPolledAt = new Map<string, { window: WatchedWindow; atMs: number }>();

  constructor(
    /** A window not polled for this long is no longer watched (a viewer polls once a period). */
    private readonly watchForMs: number,
    /** Bound on windows kept: the least recently polled go first. */
    private readonly max: number,
  ) {}

  note(window: WatchedWindow, nowMs: number): void {
    const key = `${window.workflowId}|${window.lengthMs}`;
    // A poll answered late may be noted after later ones (by the moment it was sent for): the
    // latest moment stands, or the window could age out while still polled.
    const atMs = Math.max(nowMs, this.lastPolledAt.get(key)?.atMs ?? nowMs);
    // Deleted first, so Map order stays least recently polled first.
    this.lastPolledAt.delete(key);
    this.lastPolledAt.set(key, { window, atMs });
    for (const oldest of this.lastPolledAt.keys()) {
      if (this.lastPolledAt.size <= this.max) break;
      this.lastPolledAt.delete(oldest);
    }
  }

  /** The windows polled within watchForMs of `nowMs`; the others are forgotten. */
  watched(nowMs: number): WatchedWindow[] {
    const still: WatchedWindow[] = [];
    for (const [key, entry] of this.lastPolledAt) {
      if (nowMs - entry.atMs > this.watchForMs) this.lastPolledAt.delete(key);
      else still.push(entry.window);
    }
    return still;
  }
}

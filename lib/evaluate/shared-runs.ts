// Runs shared by key: while one is in flight every caller of the same key gets it, and once it
// has settled it keeps answering for `keepMs`. The workflow page's viewers poll on a shared
// 15-s grid (lib/view/refresh-grid.ts) and the server aligns "now" to 5 s, so one settled
// evaluation answers every viewer of that slot instead of each late arrival starting another
// (the 200-viewer run of docs/scale.md made 5× one viewer's upstream queries without it).
// A failed run is not kept: the next caller tries again.

export class SharedRuns<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  private readonly settled = new Map<string, { value: Promise<T>; expiresAtMs: number }>();

  constructor(
    private readonly keepMs: number,
    /** Bound on settled entries: the oldest go first (keys are workflow × window). */
    private readonly maxSettled: number,
    private readonly now: () => number = Date.now,
  ) {}

  run(key: string, start: () => Promise<T>): Promise<T> {
    const kept = this.settled.get(key);
    if (kept && kept.expiresAtMs > this.now()) return kept.value;
    if (kept) this.settled.delete(key);
    const running = this.inflight.get(key);
    if (running) return running;
    const run = start();
    this.inflight.set(key, run);
    run.then(
      () => {
        this.inflight.delete(key);
        this.keep(key, run);
      },
      () => this.inflight.delete(key),
    );
    return run;
  }

  /** The run of `key` in flight, or settled and still kept; undefined rather than starting one. */
  joinable(key: string): Promise<T> | undefined {
    const kept = this.settled.get(key);
    if (kept && kept.expiresAtMs > this.now()) return kept.value;
    return this.inflight.get(key);
  }

  /** Drops a settled run, so the next caller starts another (an answer not worth keeping). */
  forget(key: string): void {
    this.settled.delete(key);
  }

  /** How many settled runs are kept now (for tests and the bound). */
  get keptCount(): number {
    return this.settled.size;
  }

  private keep(key: string, value: Promise<T>): void {
    const nowMs = this.now();
    for (const [k, entry] of this.settled) if (entry.expiresAtMs <= nowMs) this.settled.delete(k);
    this.settled.set(key, { value, expiresAtMs: nowMs + this.keepMs });
    // Map iteration is insertion order: the first keys are the oldest.
    for (const k of this.settled.keys()) {
      if (this.settled.size <= this.maxSettled) break;
      this.settled.delete(k);
    }
  }
}

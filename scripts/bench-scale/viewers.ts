// Viewers of one workflow page as browsers make them: each loads the page at a random moment in
// the first interval, as people do not arrive in step; then its client polls the page's data API
// as components/workflow/workflow-live.tsx does, on the shared wall-clock grid
// (lib/view/refresh-grid.ts: 1–3.5 s past every REFRESH_SECONDS boundary).
import { msUntilNextPoll, pollOffsetMs, REFRESH_SECONDS } from "../../lib/view/refresh-grid";

export interface ViewerRun {
  requests: number;
  errors: number;
  /** First few error descriptions, to say what failed. */
  errorSamples: string[];
  pageMs: number[];
  apiMs: number[];
  /** When each answered data request was sent, epoch ms (apiMs's order). */
  apiSentAtMs: number[];
}

/** The time the page's data was made, as its client reads it (the view's generatedAtMs in the RSC payload). */
function dataAtMs(html: string): number | undefined {
  const found = /generatedAtMs\\?":(\d+)/.exec(html);
  return found ? Number(found[1]) : undefined;
}

/** Times one request; answers its body, or undefined when it failed. */
async function timed(url: string, run: ViewerRun, into: number[], sentAt?: number[]): Promise<string | undefined> {
  const t0 = performance.now();
  const sentAtMs = Date.now();
  run.requests += 1;
  const deadline = AbortSignal.timeout(30_000);
  try {
    const request = (async () => {
      const res = await fetch(url, { signal: deadline });
      const body = await res.text();
      if (!res.ok) throw new Error(`${res.status} ${url}`);
      return body;
    })();
    // The deadline settles the request even if fetch does not: a PostgreSQL run of 200 viewers
    // once never returned, with no connection left open to the server.
    const expired = new Promise<never>((_, reject) =>
      deadline.addEventListener("abort", () => reject(new Error(`no answer within 30 s: ${url}`)), { once: true }),
    );
    request.catch(() => undefined); // its rejection is reported through the race below
    const body = await Promise.race([request, expired]);
    into.push(performance.now() - t0);
    sentAt?.push(sentAtMs);
    return body;
  } catch (error) {
    run.errors += 1;
    if (run.errorSamples.length < 5) run.errorSamples.push(String(error));
    return undefined;
  }
}

export async function runViewers(opts: {
  baseUrl: string;
  workflow: string;
  viewers: number;
  seconds: number;
  refreshSeconds?: number;
}): Promise<ViewerRun> {
  const refreshMs = (opts.refreshSeconds ?? REFRESH_SECONDS) * 1000;
  const run: ViewerRun = { requests: 0, errors: 0, errorSamples: [], pageMs: [], apiMs: [], apiSentAtMs: [] };
  const endAt = Date.now() + opts.seconds * 1000;
  const page = `${opts.baseUrl}/workflows/${encodeURIComponent(opts.workflow)}`;
  const api = `${opts.baseUrl}/api/workflows/${encodeURIComponent(opts.workflow)}/view?range=15m`;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  await Promise.all(
    Array.from({ length: opts.viewers }, async (_, i) => {
      // One viewer starts at once (the baseline run is then deterministic); the others spread.
      await sleep(i === 0 ? 0 : Math.random() * refreshMs);
      const html = await timed(page, run, run.pageMs);
      // As the client does: data the page was rendered with that is already old is refreshed sooner.
      // Its place on the grid, drawn once as the page's client does.
      const offset = pollOffsetMs();
      const first = msUntilNextPoll(Date.now(), refreshMs, offset, html ? dataAtMs(html) : undefined);
      for (let at = Date.now() + first; at < endAt;) {
        await sleep(at - Date.now());
        // With the moment it polls for, as the page's client sends it (lib/view/poll-moment.ts).
        await timed(`${api}&at=${Date.now()}`, run, run.apiMs, run.apiSentAtMs);
        at = Date.now() + msUntilNextPoll(Date.now(), refreshMs, offset);
      }
    }),
  );
  return run;
}

/** The p99 of the data requests sent in each refresh period (on the wall-clock grid), in order. */
export function p99ByPeriod(run: ViewerRun, periodMs: number): Array<number | undefined> {
  const first = Math.min(...run.apiSentAtMs.map((at) => Math.floor(at / periodMs)));
  const periods: number[][] = [];
  run.apiMs.forEach((ms, i) => (periods[Math.floor(run.apiSentAtMs[i]! / periodMs) - first] ??= []).push(ms));
  return Array.from(periods, (durations) => percentile(durations ?? [], 99));
}

export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

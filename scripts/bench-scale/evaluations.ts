// When the server started its evaluations during a viewer run: its evaluated count
// (asyncscope_evaluations_total) read every second, each new run put in the refresh period
// (on the wall-clock grid, as p99ByPeriod puts requests) in which it was first seen. This tells
// the page loads' evaluations (the first period) apart from the polls' (one per period at best).
import { evaluationsServed } from "./server";

export interface EvaluationWatch {
  /** Stops reading; new runs per period, in order, and the served counts over the whole watch. */
  stop(): Promise<{ evaluatedByPeriod: number[]; served: Map<string, number> }>;
}

export async function watchEvaluations(baseUrl: string, periodMs: number, everyMs = 1000): Promise<EvaluationWatch> {
  const first = await evaluationsServed(baseUrl);
  const firstPeriod = Math.floor(Date.now() / periodMs);
  const evaluatedByPeriod: number[] = [];
  let last = first.get("evaluated") ?? 0;
  let latest = first;
  let running = true;
  const read = async () => {
    latest = await evaluationsServed(baseUrl);
    const evaluated = latest.get("evaluated") ?? 0;
    const period = Math.floor(Date.now() / periodMs) - firstPeriod;
    for (let p = evaluatedByPeriod.length; p <= period; p++) evaluatedByPeriod.push(0);
    evaluatedByPeriod[period]! += evaluated - last;
    last = evaluated;
  };
  // A failed read ends the watch; stop() reports it (an unhandled rejection would end the bench
  // with its server still running).
  let failure: unknown;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      await read();
    }
  })().catch((error: unknown) => void (failure = error));
  return {
    async stop() {
      running = false;
      await loop;
      if (failure) throw new Error(`reading the evaluations from /api/metrics failed: ${String(failure)}`);
      const served = new Map<string, number>();
      for (const [how, count] of latest) served.set(how, count - (first.get(how) ?? 0));
      return { evaluatedByPeriod, served };
    },
  };
}

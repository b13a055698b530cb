// What the benches that run the production server (bench:scale, bench:idle, bench:instances)
// share as command-line programs: their options, the load average they print beside their
// figures (these machines are noisy), and how they end.
import os from "node:os";

/** The value after `--name` on the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** The 1-, 5- and 15-minute load averages, e.g. "1.8 1.7 0.9". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
}

/** Runs `main`, then exits 0, or 1 with the error's stack under the bench's name. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}

// npm run bench:render – the CPU one request costs the server, without the lab: `next start`
// (the build in .next/) on the offline demo config, check sweep off, PGlite on a fresh folder.
// For each workflow, the page and its data API are asked for in turn, one request at a time,
// and the server's own CPU time (/proc) is divided by the requests. Requests within one 5-s slot
// share one evaluation (lib/evaluate), so this is what each viewer of a shared evaluation costs:
// rendering and serialising, the part 200 viewers multiply. A run that crosses a 5-s boundary
// also pays one new evaluation, spread over its requests: the figures are upper bounds. The CPU
// is the server process's own (next start serves in it). Prints figures only.
//
// Options: --workflows checkout-crashloop,checkout-kafka-stall  --requests 40  --rounds 2
//          --port 3450
// See docs/scale.md for the figures.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./bench-scale/server";
import { loadAverage, option, runBench } from "./bench-scale/cli";

const root = path.resolve(import.meta.dirname, "..");
const workflows = option("workflows", "checkout-crashloop,checkout-kafka-stall").split(",");
const requests = Number(option("requests", "40"));
const rounds = Number(option("rounds", "2"));
const port = Number(option("port", "3450"));
const WARM_UP_REQUESTS = 3;

async function get(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${res.status} from ${url}`);
}

async function main() {
  for (const [name, value] of [
    ["requests", requests],
    ["rounds", rounds],
    ["port", port],
  ] as const)
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} ${option(name, "")} is not a positive integer`);
  console.log(`bench:render on ${os.cpus().length} cores, load average ${loadAverage()}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "asyncscope-bench-render-"));
  const server = await startServer({
    root,
    port,
    config: path.join(root, "demo", "asyncscope.demo.yaml"),
    dataDir,
    env: { ASYNCSCOPE_CHECK_SWEEP_SECONDS: "0" },
  });
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const workflow of workflows) {
        const id = encodeURIComponent(workflow);
        for (const [what, url] of [
          ["page", `${server.baseUrl}/workflows/${id}`],
          ["data API", `${server.baseUrl}/api/workflows/${id}/view`],
        ] as const) {
          for (let i = 0; i < WARM_UP_REQUESTS; i++) await get(url);
          const cpuBefore = server.cpuMs();
          const startedAt = performance.now();
          for (let i = 0; i < requests; i++) await get(url);
          const wallMs = (performance.now() - startedAt) / requests;
          const cpuMs = (server.cpuMs() - cpuBefore) / requests;
          console.log(
            `  round ${round}, ${workflow} ${what}: ${cpuMs.toFixed(1)} ms of server CPU per request, ${wallMs.toFixed(1)} ms wall (${requests} requests)`,
          );
        }
      }
    }
    console.log(`  load average after: ${loadAverage()}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench("bench:render", main);

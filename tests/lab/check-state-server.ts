// Asyncscope's check state for the lab's Prometheus while test:lab runs, where no Asyncscope
// server does: the real sweep (lib/telemetry/check-sweep.ts) over the example config's RabbitMQ
// checkout against the live lab, served at /api/metrics on the address the lab scrapes
// (urls.asyncscope), so the exported rules on asyncscope_check_status fire as they would with the
// server. Only that workflow: 17-alerts judges its alerts alone, and CI runs the brokers' fault
// suites beside it, which sweeping their checkouts every 5 s would only slow down.
import http from "node:http";
import { loadConfigFile } from "@/lib/config/loader";
import { sweepCheckStatus } from "@/lib/telemetry/check-sweep";
import { defineCheckMetrics, PROMETHEUS_TEXT_CONTENT_TYPE, Registry } from "@/lib/telemetry/metrics";
import { urls } from "../../lab/config";
import { labExampleConfigPath } from "../../lab/example-config";

/**
 * As the e2e-lab server's ASYNCSCOPE_CHECK_SWEEP_SECONDS, and as often as the lab scrapes it: a
 * sweep of the checkout costs about a second of CPU, which CI's fault suites beside it need.
 */
const SWEEP_MS = 10_000;

export interface CheckStateServer {
  close(): Promise<void>;
}

export async function serveCheckState(): Promise<CheckStateServer> {
  const example = loadConfigFile(labExampleConfigPath(), {
    ...process.env,
    RABBITMQ_USER: "guest",
    RABBITMQ_PASSWORD: "guest",
  });
  const config = { ...example, workflows: example.workflows.filter((w) => w.id === "checkout") };
  const registry = new Registry();
  const metrics = defineCheckMetrics(registry);
  const reported = new Map<string, string>();
  let running: Promise<unknown> | undefined;
  const sweep = () => {
    // One sweep at a time, as the server's own (a slow lab must not stack evaluations).
    running ??= sweepCheckStatus({ config: () => config, metrics, reported }).finally(() => (running = undefined));
    return running;
  };
  await sweep();
  const timer = setInterval(() => {
    sweep().catch((error: unknown) => console.error(`check-state server: sweep failed: ${String(error)}`));
  }, SWEEP_MS);
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/api/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": PROMETHEUS_TEXT_CONTENT_TYPE }).end(text),
        (error: unknown) => {
          console.error(`check-state server: rendering the metrics failed: ${String(error)}`);
          res.writeHead(500).end(String(error));
        },
      );
      return;
    }
    res.writeHead(404).end();
  });
  const { hostname, port } = new URL(urls.asyncscope);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        new Error(
          `cannot serve the check state on ${urls.asyncscope} (an e2e-lab server still running?): ${error.message}`,
        ),
      ),
    );
    server.listen(Number(port), hostname, resolve);
  });
  return {
    async close() {
      clearInterval(timer);
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

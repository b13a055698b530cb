// The lab's broker sampler: the same sampler the app runs when sources.<broker>.sampler is on
// (lib/telemetry/broker-sampler.ts), as a process of its own that samples the lab's Kafka and
// NATS JetStream every scrape interval and serves kafka_exporter's and
// prometheus-nats-exporter's series at http://127.0.0.1:LAB_SAMPLER_PORT/metrics for the lab's
// Prometheus (lab/components.ts). One process, so no instance election. Started and stopped by
// `npm run lab -- up|down`; alone:
//   node --conditions=react-server --import tsx lab/sampler.ts
// (the react-server condition lets the app's server-only modules load outside Next).
import http from "node:http";
import { Registry } from "prom-client";
import { kafkaSourceSchema } from "@/lib/sources/kafka/config";
import { createKafkaSampler } from "@/lib/sources/kafka/sampler";
import { natsSourceSchema } from "@/lib/sources/nats/config";
import { createNatsSampler } from "@/lib/sources/nats/sampler";
import { startBrokerSampler } from "@/lib/telemetry/broker-sampler";
import { host, ports, scrapeIntervalSeconds } from "./config";
import { kafkaBootstrap } from "./kafka/config";
import { natsUrls } from "./nats/config";

const registry = new Registry();
const samplers = [
  createKafkaSampler(
    kafkaSourceSchema.parse({ brokers: [kafkaBootstrap], clientId: "asyncscope-lab", timeoutMs: 3000 }),
  ),
  createNatsSampler(natsSourceSchema.parse({ monitorUrl: natsUrls.monitor, timeoutMs: 3000 })),
];
const run = startBrokerSampler(samplers, { registry, intervalMs: scrapeIntervalSeconds * 1000 });

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200).end("ok\n");
    return;
  }
  if (req.url !== "/metrics") {
    res.writeHead(404).end("GET /metrics\n");
    return;
  }
  registry.metrics().then(
    (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
    (error: unknown) => {
      console.error(`lab sampler: rendering the metrics failed: ${(error as Error).message}`);
      res.writeHead(500).end();
    },
  );
});
server.listen(ports.sampler, host, () =>
  console.log(
    `lab sampler: kafka ${kafkaBootstrap} and nats ${natsUrls.monitor} every ${scrapeIntervalSeconds} s at http://${host}:${ports.sampler}/metrics`,
  ),
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`lab sampler: ${signal}, closing the brokers' connections`);
  // Stops sampling and closes the Kafka admin client, so nothing keeps the process alive.
  await run.stop();
  await new Promise((resolve) => server.close(resolve));
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

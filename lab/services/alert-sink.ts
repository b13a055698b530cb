// Where the lab's Alertmanager delivers, so tests can see what it sent and how:
//   POST /alerts   an Alertmanager webhook (JSON); recorded with whether the bearer token matched
//   GET  /alerts   every delivery so far, oldest first: [{receivedAt, authorized, body}]
//   GET  /healthz
// Deliveries are kept in memory and appended to .lab/logs/alert-sink.jsonl for people.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { alertToken, paths, ports } from "../config";

interface Delivery {
  receivedAt: string;
  authorized: boolean;
  body: unknown;
}

const deliveries: Delivery[] = [];
const MAX_BODY_BYTES = 1024 * 1024;
const logFile = path.join(paths.logs, "alert-sink.jsonl");

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const server = http.createServer((req, res) => {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.method === "GET" && req.url === "/healthz") return reply(200, { ok: true });
  if (req.method === "GET" && req.url === "/alerts") return reply(200, deliveries);
  if (req.method === "POST" && req.url === "/alerts") {
    readBody(req).then(
      (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          console.error(`alert-sink: unparsable delivery (${(error as Error).message}): ${text.slice(0, 200)}`);
          return reply(400, { error: "not JSON" });
        }
        const delivery = {
          receivedAt: new Date().toISOString(),
          authorized: req.headers.authorization === `Bearer ${alertToken}`,
          body,
        };
        deliveries.push(delivery);
        fs.appendFileSync(logFile, `${JSON.stringify(delivery)}\n`);
        reply(200, { ok: true });
      },
      (error: Error) => {
        console.error(`alert-sink: ${error.message}`);
        reply(413, { error: error.message });
      },
    );
    return;
  }
  reply(404, { error: "POST /alerts, GET /alerts or GET /healthz" });
});

server.listen(ports.alertSink, "127.0.0.1", () => console.log(`alert-sink listening on ${ports.alertSink}`));
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));

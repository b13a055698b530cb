// The adapter with an unreadable advisory stream: /jsz (served here from the recording over real
// HTTP) still makes the snapshot, the dead letters become a gap with the reason, and the failure
// reaches lastError for the sources page. A closed local port stands in for a JetStream API that
// does not answer.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nats } from "./adapter";
import { natsDestinationSchema, natsSourceSchema } from "./config";
import { fixturePath } from "./testing";

let server: http.Server;
let monitorUrl: string;

beforeAll(async () => {
  const jsz = fs.readFileSync(fixturePath("jsz-consumers-config.json"));
  server = http.createServer((req, res) => {
    if (req.url?.startsWith("/jsz")) res.writeHead(200, { "content-type": "application/json" }).end(jsz);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  monitorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("NATS adapter when the dead letters cannot be read", () => {
  it("keeps the /jsz reading, leaves the dead letters a gap with the reason, and records the error", async () => {
    const config = natsSourceSchema.parse({
      monitorUrl,
      timeoutMs: 2000,
      deadLetters: { natsUrl: "nats://127.0.0.1:1", advisoryStream: "ASYNCSCOPE_DEAD_LETTERS" },
    });
    const declared = [natsDestinationSchema.parse({ stream: "ORDERS", consumer: "notification" })];
    const client = nats.connect(config);
    const snapshot = await client.state(declared);

    const [d] = snapshot.destinations;
    expect(d!.exists).toBe(true);
    expect(d!.waiting?.value).toBe(4);
    expect(snapshot.deadLetterRoutes.map((r) => r.sourceKey)).toEqual(["ORDERS/notification"]);
    const [dead] = snapshot.deadLetterStates;
    expect(dead!.waiting).toBeUndefined(); // unknown, not zero
    expect(dead!.warnings.join(" ")).toMatch(/dead letters unknown: .*connecting failed/);
    expect(snapshot.warnings.join(" ")).toMatch(/ASYNCSCOPE_DEAD_LETTERS could not be read/);
    expect(client.lastError()?.message).toMatch(/NATS JetStream API at nats:\/\/127\.0\.0\.1:1: connecting failed/);
  });
});

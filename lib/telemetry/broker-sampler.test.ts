// The sampler runner on a real HTTP endpoint (a local server answering the recorded /jsz, then
// failing): a failed read leaves a gap, never the last values; a vanished consumer's series go;
// an instance that does not hold the sampling lock exposes nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import type { InstanceLocks } from "@/lib/db/instance-lock";
import { natsSourceSchema } from "@/lib/sources/nats/config";
import { createNatsSampler } from "@/lib/sources/nats/sampler";
import { recordedJszRaw } from "@/lib/sources/nats/testing";
import { startBrokerSampler, type BrokerSamplerRun } from "./broker-sampler";

type Answer = { status: number; body: unknown };
let answer: (path: string) => Answer;
const servers: http.Server[] = [];
const runs: BrokerSamplerRun[] = [];

async function monitor(): Promise<string> {
  const server = http.createServer((req, res) => {
    const { status, body } = answer(new URL(req.url!, "http://x").pathname);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const healthy = (jsz: unknown) => (path: string) =>
  path === "/varz"
    ? { status: 200, body: { version: "2.9.10", server_name: "asyncscope-lab-nats" } }
    : { status: 200, body: jsz };

afterEach(async () => {
  for (const run of runs.splice(0)) await run.stop();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

function logger() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    },
  };
}

async function setUp(locks?: InstanceLocks) {
  const url = await monitor();
  const sampler = createNatsSampler(natsSourceSchema.parse({ monitorUrl: url, timeoutMs: 1000 }), { retries: 0 });
  const registry = new Registry();
  const { lines, log } = logger();
  const run = startBrokerSampler([sampler], { registry, intervalMs: 60_000, log, ...(locks ? { locks } : {}) });
  runs.push(run);
  return { url, registry, lines, run };
}

const pendingLines = (text: string) => text.split("\n").filter((l) => l.startsWith("jetstream_consumer_num_pending{"));

describe("broker sampler runner", () => {
  it("exposes a sample, and on a failed read removes every series and says so", async () => {
    answer = healthy(recordedJszRaw());
    const { url, registry, lines, run } = await setUp();
    await run.sampleOnce();
    let text = await registry.metrics();
    expect(pendingLines(text).length).toBe(5);
    expect(text).toContain(`asyncscope_sampler_up{broker="nats",source="${url}"} 1`);

    answer = () => ({ status: 503, body: { error: "down for the test" } });
    await run.sampleOnce();
    text = await registry.metrics();
    expect(pendingLines(text)).toEqual([]);
    expect(text).not.toMatch(/^jetstream_/m);
    expect(text).toContain(`asyncscope_sampler_up{broker="nats",source="${url}"} 0`);
    const failure = lines.filter((l) => l.includes("failed"));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toContain(`reading nats (${url}) failed`);

    // The same failure again is not a new line; the recovery is one.
    await run.sampleOnce();
    const again = lines.filter((l) => l.includes("failed"));
    expect(again, again.join("\n")).toHaveLength(1);
    answer = healthy(recordedJszRaw());
    await run.sampleOnce();
    expect(pendingLines(await registry.metrics()).length).toBe(5);
    expect(lines.at(-1)).toContain("is read again");
  });

  it("drops the series of a consumer that vanished instead of repeating its last value", async () => {
    const jsz = recordedJszRaw() as { account_details: { stream_detail: { consumer_detail: { name: string }[] }[] }[] };
    answer = healthy(jsz);
    const { registry, run } = await setUp();
    await run.sampleOnce();
    expect((await registry.metrics()).includes('consumer_name="audit"')).toBe(true);
    const orders = jsz.account_details[0]!.stream_detail[0]!;
    orders.consumer_detail = orders.consumer_detail.filter((c) => c.name !== "audit");
    await run.sampleOnce();
    const text = await registry.metrics();
    expect(text.includes('consumer_name="audit"')).toBe(false);
    expect(pendingLines(text).length).toBe(4);
  });

  it("exposes nothing while another instance holds the sampling lock", async () => {
    answer = healthy(recordedJszRaw());
    // Stands in for PostgreSQL's advisory lock held by another instance (the lock itself is
    // tested on a real PostgreSQL in tests/db): the runner must stand by.
    let asked = 0;
    const heldElsewhere: InstanceLocks = {
      kind: "advisory",
      sweep: async () => {
        asked++;
        return { ran: false };
      },
      incident: async () => ({ ran: false }),
    };
    const { registry, lines } = await setUp(heldElsewhere);
    await expect.poll(() => asked).toBeGreaterThan(0);
    const text = await registry.metrics();
    expect(text).not.toMatch(/^jetstream_/m);
    expect(text).not.toMatch(/^asyncscope_sampler_up\{/m);
    expect(lines.some((l) => l.includes("another instance samples"))).toBe(true);
  });
});

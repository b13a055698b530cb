// The app starts the samplers its config turns on and serves them on its registry (the one
// /api/metrics renders); a config with none turned on starts nothing. The broker is a local
// HTTP server answering the recorded /jsz.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { processLocks } from "@/lib/db/instance-lock";
import { natsSourceSchema } from "@/lib/sources/nats/config";
import { recordedJszRaw } from "@/lib/sources/nats/testing";
import { startConfiguredSamplers, stopConfiguredSamplers } from "./configured-samplers";

const monitor = http.createServer((req, res) => {
  const body = req.url?.startsWith("/varz") ? { version: "2.9.10", server_name: "n" } : recordedJszRaw();
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
});
afterAll(async () => {
  await stopConfiguredSamplers();
  await new Promise((resolve) => monitor.close(resolve));
});

/** Only `sources` is read; the rest of the config does not matter here. */
const withNats = (sampler: unknown, monitorUrl: string) =>
  ({
    sources: { nats: natsSourceSchema.parse({ monitorUrl, sampler }) },
    workflows: [],
  }) as unknown as AsyncscopeConfig;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe("the configured broker samplers", () => {
  it("start nothing when no source turns one on", async () => {
    expect(
      await startConfiguredSamplers(withNats(undefined, "http://127.0.0.1:1"), processLocks, { log: silent }),
    ).toBeUndefined();
  });

  it("serve the sampled broker's series on the registry when one is on", async () => {
    await new Promise<void>((resolve) => monitor.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(monitor.address() as AddressInfo).port}`;
    const registry = new Registry();
    const lines: string[] = [];
    const run = await startConfiguredSamplers(withNats({ enabled: true, interval: "1s" }, url), processLocks, {
      registry,
      log: { ...silent, info: (l: string) => lines.push(l) },
    });
    expect(run).toBeDefined();
    await expect
      .poll(async () => (await registry.metrics()).match(/^jetstream_consumer_num_pending\{/gm)?.length, {
        timeout: 10_000,
      })
      .toBe(5);
    expect(await registry.metrics()).toContain(`asyncscope_sampler_up{broker="nats",source="${url}"} 1`);
    expect(lines.join("\n")).toContain("broker sampler: nats every 1 s");
    await stopConfiguredSamplers();
    expect(await registry.metrics()).not.toMatch(/^jetstream_/m);
  });
});

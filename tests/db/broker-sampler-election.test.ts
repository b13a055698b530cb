// Two app instances sharing a real PostgreSQL, each with the broker sampler on: one samples and
// exposes the brokers' series, the other exposes none; when the sampling one stops, the other
// takes over at its next try. The broker is a local HTTP server answering the recorded /jsz.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { advisoryLocks } from "@/lib/db/instance-lock";
import { natsSourceSchema } from "@/lib/sources/nats/config";
import { createNatsSampler } from "@/lib/sources/nats/sampler";
import { recordedJszRaw } from "@/lib/sources/nats/testing";
import { startBrokerSampler, type BrokerSamplerRun } from "@/lib/telemetry/broker-sampler";
import { migratedDatabase } from "../support/migrated-database";
import { postgresUnavailableReason, startTestPostgres, type TestPostgres } from "../support/postgres";

const postgresMissing = postgresUnavailableReason();
// CI sets ASYNCSCOPE_REQUIRE_POSTGRES=1, so there a missing server fails instead of skipping.
const skipPostgres = postgresMissing !== undefined && process.env.ASYNCSCOPE_REQUIRE_POSTGRES !== "1";

describe.skipIf(skipPostgres)(
  `broker sampler on two instances sharing PostgreSQL${skipPostgres ? ` (skipped: ${postgresMissing})` : ""}`,
  () => {
    let server: TestPostgres | undefined;
    let url: Promise<string> | undefined;
    const shared = () => {
      url ??= startTestPostgres().then((started) => {
        server = started;
        return started.createDatabase("broker_sampler_election");
      });
      return url;
    };
    const instanceA = migratedDatabase(async () => ({ kind: "postgres", url: await shared() }));
    const instanceB = migratedDatabase(async () => ({ kind: "postgres", url: await shared() }));
    const monitor = http.createServer((req, res) => {
      const body = req.url?.startsWith("/varz") ? { version: "2.9.10", server_name: "n" } : recordedJszRaw();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    const runs: BrokerSamplerRun[] = [];
    afterAll(async () => {
      for (const run of runs) await run.stop();
      await new Promise((resolve) => monitor.close(resolve));
      await server?.stop();
    });

    // Generous waits: each instance's first lock transaction and read are slow on a busy machine.
    const exposes = async (registry: Registry) => /^jetstream_consumer_num_pending\{/m.test(await registry.metrics());

    it("one instance samples; the other takes over when it stops", async () => {
      await new Promise<void>((resolve) => monitor.listen(0, "127.0.0.1", resolve));
      const monitorUrl = `http://127.0.0.1:${(monitor.address() as AddressInfo).port}`;
      const quiet = { info: () => {}, warn: console.warn, error: console.error };
      const instance = (db: ReturnType<typeof instanceA>) => {
        const registry = new Registry();
        const run = startBrokerSampler([createNatsSampler(natsSourceSchema.parse({ monitorUrl, timeoutMs: 5000 }))], {
          registry,
          intervalMs: 200,
          termMs: 1500,
          locks: advisoryLocks(db),
          log: quiet,
        });
        runs.push(run);
        return { registry, run };
      };
      const a = instance(instanceA());
      const b = instance(instanceB());
      await expect
        .poll(async () => (await exposes(a.registry)) || (await exposes(b.registry)), { timeout: 20_000 })
        .toBe(true);
      // Over several terms, never both at once.
      for (let i = 0; i < 15; i++) {
        expect([await exposes(a.registry), await exposes(b.registry)].filter(Boolean).length).toBeLessThanOrEqual(1);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const [holder, other] = (await exposes(a.registry)) ? [a, b] : [b, a];
      await holder.run.stop();
      expect(await exposes(holder.registry)).toBe(false);
      await expect.poll(() => exposes(other.registry), { timeout: 20_000 }).toBe(true);
    });
  },
);

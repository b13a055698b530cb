import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUnavailableReason, startTestPostgres, type TestPostgres } from "../support/postgres";

// PostgreSQL going away and coming back, as a load balancer and a client see it: /healthz and
// the API answer 503 with Retry-After and a reason that names the problem (not ""), and the
// app recovers by itself once the server is reachable again. The outage is real: the app
// reaches PostgreSQL through a TCP relay on loopback that is not listening yet.

const postgresMissing = postgresUnavailableReason();
const skipPostgres = postgresMissing !== undefined && !process.env.CI;

/** A port nothing listens on (yet). */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.skipIf(skipPostgres)(`the database unavailable${skipPostgres ? ` (skipped: ${postgresMissing})` : ""}`, () => {
  let postgres: TestPostgres;
  let relayPort: number;
  let targetPort: number;
  const sockets = new Set<Socket>();
  let relay: Server | undefined;

  beforeAll(async () => {
    postgres = await startTestPostgres();
    const url = new URL(await postgres.createDatabase("unavailable"));
    targetPort = Number(url.port);
    relayPort = await unusedPort();
    url.port = String(relayPort);
    process.env.ASYNCSCOPE_CONFIG = path.resolve(import.meta.dirname, "../e2e/asyncscope.e2e.yaml");
    process.env.DATABASE_URL = url.toString();
    process.env.ASYNCSCOPE_AUTH_HEADER = "";
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    if (relay) await new Promise((resolve) => relay!.close(resolve));
    const { db } = await import("@/lib/db/client");
    await (await db()).$disconnect();
    await postgres?.stop();
  }, 60_000);

  it("healthz and the API say 503, why, and when to retry", async () => {
    const { GET: healthz } = await import("@/app/healthz/route");
    const health = await healthz();
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("15");
    const body = (await health.json()) as { reason: string };
    expect(body.reason).toContain(`database unavailable (Postgres at 127.0.0.1:${relayPort}/unavailable)`);
    expect(body.reason).toMatch(/Can't reach database server/);

    const { GET: listIncidents } = await import("@/app/api/incidents/route");
    const list = await listIncidents();
    expect(list.status).toBe(503);
    expect(list.headers.get("retry-after")).toBe("15");
    expect(((await list.json()) as { error: string }).error).toMatch(
      /^the database is unavailable; try again shortly \(database unavailable/,
    );
  }, 60_000);

  it("recovers without a restart once PostgreSQL is reachable", async () => {
    relay = createServer((client) => {
      const upstream = connect(targetPort, "127.0.0.1");
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        // A reset on one side closes the other; the test reads what the app answers.
        socket.on("error", () => (socket === client ? upstream : client).destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay!.listen(relayPort, "127.0.0.1", resolve));
    const { GET: healthz } = await import("@/app/healthz/route");
    const health = await healthz();
    expect(await health.json()).toMatchObject({ status: "ok" });
    expect(health.status).toBe(200);
  }, 60_000);

  it("an outage after start-up is a 503 with the driver's reason too, not an empty one or a 500", async () => {
    await new Promise((resolve) => {
      relay!.close(resolve);
      for (const socket of sockets) socket.destroy();
    });
    relay = undefined;
    const { GET: healthz } = await import("@/app/healthz/route");
    const health = await healthz();
    expect(health.status).toBe(503);
    const { reason } = (await health.json()) as { reason: string };
    expect(reason).not.toBe("");
    expect(reason).toMatch(/Can't reach database server|Connection terminated|ECONNRESET|closed/);
    const { GET: listIncidents } = await import("@/app/api/incidents/route");
    const list = await listIncidents();
    expect(list.status).toBe(503);
    expect(list.headers.get("retry-after")).toBe("15");
  }, 60_000);
});

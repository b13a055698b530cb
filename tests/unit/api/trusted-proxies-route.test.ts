import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createIncident } from "@/app/api/incidents/route";
import { recordPeerAddresses } from "@/lib/api/peer-address";
import { proxy } from "@/proxy";
import { openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// POST /api/incidents through a real Node HTTP server, proxy.ts, then the route, as `next
// start` runs them: the peer address is the socket's (recorded as the server does at start),
// and the identity header is believed only from ASYNCSCOPE_TRUSTED_PROXIES. The client binds
// its socket to 127.0.0.1 (the proxy) or 127.0.0.2 (anyone else on the network): Linux
// answers all of 127.0.0.0/8 on the loopback interface.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();
process.env.ASYNCSCOPE_AUTH_HEADER = "X-Forwarded-User";
process.env.ASYNCSCOPE_TRUSTED_PROXIES = "127.0.0.1, ::1";

const PROXY = "127.0.0.1";
const STRANGER = "127.0.0.2";

async function bodyOf(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

// What Next does with a request: proxy.ts first; the route only when it lets it through.
const server = createServer(async (message, res) => {
  const url = `http://${message.headers.host}${message.url}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) if (typeof value === "string") headers.set(name, value);
  const body = await bodyOf(message);
  const init = { method: message.method!, headers, body };
  const early = proxy(new NextRequest(url, init));
  const answer = early.headers.get("x-middleware-next") === "1" ? await createIncident(new Request(url, init)) : early;
  res.statusCode = answer.status;
  res.end(await answer.text());
});

beforeAll(async () => {
  recordPeerAddresses();
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function post(
  from: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { port } = server.address() as AddressInfo;
  const payload = JSON.stringify({
    title: "Orders stuck",
    severity: "sev2",
    startedAt: "2026-11-23T14:03:00Z",
    workflowIds: ["checkout"],
  });
  return new Promise((resolve, reject) => {
    httpRequest(
      {
        host: "127.0.0.1",
        port,
        localAddress: from,
        method: "POST",
        path: "/api/incidents",
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        bodyOf(res).then((text) => resolve({ status: res.statusCode!, body: JSON.parse(text) }), reject);
      },
    )
      .on("error", reject)
      .end(payload);
  });
}

describe("ASYNCSCOPE_AUTH_HEADER behind ASYNCSCOPE_TRUSTED_PROXIES", () => {
  it("takes the author from the header when the sign-in proxy sends it", async () => {
    const created = await post(PROXY, { "x-forwarded-user": "alice" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ incident: { createdBy: "alice" } });
  });

  it("refuses the header from any other address with 403, naming the variable, not as anonymous", async () => {
    const refused = await post(STRANGER, { "x-forwarded-user": "alice" });
    expect(refused).toEqual({
      status: 403,
      body: {
        error:
          "the X-Forwarded-User header is believed only from the sign-in proxy's addresses in ASYNCSCOPE_TRUSTED_PROXIES, and this request came from 127.0.0.2; sign in through the proxy, or add the proxy's address to ASYNCSCOPE_TRUSTED_PROXIES",
      },
    });
  });

  it("is not fooled by a forged peer-address or X-Forwarded-For header", async () => {
    const forged = await post(STRANGER, {
      "x-forwarded-user": "alice",
      "x-asyncscope-peer-address": PROXY,
      "x-forwarded-for": PROXY,
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toContain("this request came from 127.0.0.2");
  });

  it("still refuses, from the proxy, a header sent twice (400), the reserved name (400), and none (401)", async () => {
    const twice = await post(PROXY, { "x-forwarded-user": "mallory, alice" });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toContain("came more than once");
    const reserved = await post(PROXY, { "x-forwarded-user": "Asyncscope" });
    expect(reserved.status).toBe(400);
    const none = await post(PROXY, {});
    expect(none.status).toBe(401);
    // Without the header a stranger reaches the route too, which asks for sign-in.
    expect((await post(STRANGER, {})).status).toBe(401);
  });
});

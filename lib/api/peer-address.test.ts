import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER, peerAddressOf, recordPeerAddresses } from "./peer-address";

// A real Node HTTP server, as `next start` runs one: the handler sees the socket's address in
// the header, whatever the client wrote there.
const seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers);
  res.end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function get(headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(seen.at(-1)!));
    })
      .on("error", reject)
      .end();
  });
}

describe("recordPeerAddresses", () => {
  it("is off until started: the header a client sends is not taken for the peer", async () => {
    const headers = await get({ [PEER_ADDRESS_HEADER]: "10.0.0.1" });
    expect(peerAddressOf(new Headers(headers as Record<string, string>))).toBeUndefined();
  });

  it("writes the socket's address into the header, replacing what the client sent", async () => {
    recordPeerAddresses();
    recordPeerAddresses(); // idempotent
    const forged = await get({ [PEER_ADDRESS_HEADER]: "10.0.0.1", "x-forwarded-for": "10.0.0.1" });
    expect(forged[PEER_ADDRESS_HEADER]).toMatch(/^[0-9a-f-]{36} 127\.0\.0\.1$/);
    expect(peerAddressOf(new Headers(forged as Record<string, string>))).toBe("127.0.0.1");
    const plain = await get({});
    expect(peerAddressOf(new Headers(plain as Record<string, string>))).toBe("127.0.0.1");
  });

  it("believes only what this process wrote: a client's value that was not replaced is not the peer", () => {
    // As if the channel had not fired for a request: the header is the client's own.
    expect(peerAddressOf(new Headers({ [PEER_ADDRESS_HEADER]: "127.0.0.1" }))).toBeUndefined();
    expect(peerAddressOf(new Headers({ [PEER_ADDRESS_HEADER]: "not-the-secret 127.0.0.1" }))).toBeUndefined();
  });
});

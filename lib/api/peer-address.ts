// The TCP peer of each request, for proxy.ts to decide whether the identity header came from
// the sign-in proxy (ASYNCSCOPE_TRUSTED_PROXIES).
//
// Why this way: a Next.js 16 proxy and route handlers see a Request, not the socket
// (NextRequest lost `ip` in Next 15, and the docs leave it to the hosting provider). The Node
// server adds X-Forwarded-For from the socket only when the client did not send one
// (`??=` in next/dist/server/base-server.js), so a client reaching the port directly can
// write any address there. Node itself publishes every request it receives, with its socket,
// on the diagnostics channel "http.server.request.start", synchronously before the server's
// "request" listener (Next's handler) runs; this module writes the socket's address into a
// header of its own there, replacing whatever a client sent under that name. Next passes the
// same headers object to proxy.ts.
import { randomUUID } from "node:crypto";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** Set by this server, never by a client: any value a client sends is replaced or removed. */
export const PEER_ADDRESS_HEADER = "x-asyncscope-peer-address";

/**
 * A secret of this process, written with each recorded address: proxy.ts believes only values
 * that carry it. Were the channel not to fire for some request (a server started another way,
 * a future Node), the header would be whatever the client sent, and without the secret it is
 * not believed (fail closed). On globalThis because proxy.ts and instrumentation.ts are separate
 * bundles in one process.
 */
const SECRET = Symbol.for("asyncscope.peer-address-secret");
const scope = globalThis as Record<symbol, string | undefined>;

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

function record(message: unknown): void {
  const { request, socket } = message as RequestStart;
  const address = socket.remoteAddress;
  if (address && scope[SECRET]) request.headers[PEER_ADDRESS_HEADER] = `${scope[SECRET]} ${address}`;
  else delete request.headers[PEER_ADDRESS_HEADER]; // a destroyed socket: the peer is unknown
}

// Held here so the channel (and its subscriber) lives as long as the process.
const requestStart = diagnostics.channel("http.server.request.start");

/** Starts recording every HTTP request's peer address in PEER_ADDRESS_HEADER. Idempotent. */
export function recordPeerAddresses(): void {
  if (scope[SECRET]) return;
  scope[SECRET] = randomUUID();
  requestStart.subscribe(record);
}

/** The request's TCP peer address as this process recorded it, or undefined when it did not. */
export function peerAddressOf(headers: Pick<Headers, "get">): string | undefined {
  const secret = scope[SECRET];
  const value = headers.get(PEER_ADDRESS_HEADER);
  if (!secret || !value?.startsWith(`${secret} `)) return undefined;
  return value.slice(secret.length + 1);
}

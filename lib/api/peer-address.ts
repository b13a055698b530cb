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
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** Set by this server, never by a client: any value a client sends is replaced or removed. */
export const PEER_ADDRESS_HEADER = "x-asyncscope-peer-address";

/**
 * Set once recording runs in this process. proxy.ts reads the header only then: without
 * recording (a server started some other way) the header would be whatever the client sent.
 * On globalThis because proxy.ts and instrumentation.ts are separate bundles in one process.
 */
const RECORDING = Symbol.for("asyncscope.peer-address-recording");

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

function record(message: unknown): void {
  const { request, socket } = message as RequestStart;
  const address = socket.remoteAddress;
  if (address) request.headers[PEER_ADDRESS_HEADER] = address;
  else delete request.headers[PEER_ADDRESS_HEADER]; // a destroyed socket: the peer is unknown
}

// Held here so the channel (and its subscriber) lives as long as the process.
const requestStart = diagnostics.channel("http.server.request.start");

/** Starts recording every HTTP request's peer address in PEER_ADDRESS_HEADER. Idempotent. */
export function recordPeerAddresses(): void {
  const scope = globalThis as Record<symbol, unknown>;
  if (scope[RECORDING]) return;
  requestStart.subscribe(record);
  scope[RECORDING] = true;
}

/** The request's TCP peer address, or undefined when this process does not record it. */
export function peerAddressOf(headers: Pick<Headers, "get">): string | undefined {
  if (!(globalThis as Record<symbol, unknown>)[RECORDING]) return undefined;
  return headers.get(PEER_ADDRESS_HEADER) ?? undefined;
}

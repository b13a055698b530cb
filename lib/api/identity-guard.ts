// Whether a request may carry the identity header at all. The header names the author of
// every write (lib/api/identity.ts); only the sign-in proxy may set it. Pure: proxy.ts hands
// in the headers, the configuration and the TCP peer address, and answers with the refusal.
import type { Refusal } from "@/lib/api/request-guard";
import { isTrustedPeer, type TrustedProxy } from "@/lib/api/trusted-proxies";

export interface IdentityCheck {
  headers: Pick<Headers, "get">;
  /** ASYNCSCOPE_AUTH_HEADER; undefined: no identity header, nothing to check. */
  authHeader: string | undefined;
  /** ASYNCSCOPE_TRUSTED_PROXIES (lib/env.ts requires it with the header). */
  trustedProxies: readonly TrustedProxy[];
  /** The request's TCP peer (lib/api/peer-address.ts); undefined when it was not recorded. */
  peerAddress: string | undefined;
}

/**
 * Why a request carrying the identity header is refused, or undefined. Refused (403), not
 * treated as anonymous: a client that sends the header directly is claiming a name, and a
 * proxy missing from the list should be seen at once, not turn every write into "nobody".
 * A request without the header passes: writes then get 401 from the route (identity.ts).
 */
export function identityRefusal({
  headers,
  authHeader,
  trustedProxies,
  peerAddress,
}: IdentityCheck): Refusal | undefined {
  if (!authHeader || headers.get(authHeader) === null) return undefined;
  if (peerAddress !== undefined && isTrustedPeer(peerAddress, trustedProxies)) return undefined;
  const from =
    peerAddress === undefined
      ? "this server did not record the address the request came from (it records it when started by next start or next dev, in instrumentation.ts)"
      : `this request came from ${peerAddress}`;
  return {
    status: 403,
    error: `the ${authHeader} header is believed only from the sign-in proxy's addresses in ASYNCSCOPE_TRUSTED_PROXIES, and ${from}; sign in through the proxy, or add the proxy's address to ASYNCSCOPE_TRUSTED_PROXIES`,
  };
}

import { describe, expect, it } from "vitest";
import { identityRefusal } from "./identity-guard";

const HEADER = "X-Forwarded-User";
const check = (peerAddress: string | undefined, headers: Record<string, string> = { [HEADER]: "alice" }) =>
  identityRefusal({
    headers: new Headers(headers),
    authHeader: HEADER,
    trustedProxies: ["10.0.0.0/8", "::1/128"],
    peerAddress,
  });

describe("identityRefusal", () => {
  it("believes the header from a trusted proxy, IPv4 (also dual-stack mapped) or IPv6", () => {
    for (const peer of ["10.1.2.3", "::ffff:10.1.2.3", "::1"]) expect(check(peer), peer).toBeUndefined();
  });

  it("refuses the header from any other address with 403, naming the address and the variable", () => {
    expect(check("192.168.1.20")).toEqual({
      status: 403,
      error:
        "the X-Forwarded-User header is believed only from the sign-in proxy's addresses in ASYNCSCOPE_TRUSTED_PROXIES, and this request came from 192.168.1.20; sign in through the proxy, or add the proxy's address to ASYNCSCOPE_TRUSTED_PROXIES",
    });
    expect(check("192.168.1.20", { [HEADER]: "" })?.status).toBe(403);
  });

  it("refuses the header when the peer is unknown: it cannot be told from a forgery", () => {
    expect(check(undefined)?.error).toContain("this server did not record the address the request came from");
  });

  it("lets requests without the header through (the routes answer 401 to writes), and checks nothing without AUTH_HEADER", () => {
    expect(check("192.168.1.20", {})).toBeUndefined();
    expect(
      identityRefusal({
        headers: new Headers({ [HEADER]: "alice" }),
        authHeader: undefined,
        trustedProxies: [],
        peerAddress: "192.168.1.20",
      }),
    ).toBeUndefined();
  });
});

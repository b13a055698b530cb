import { describe, expect, it } from "vitest";
import { isTrustedPeer, parseTrustedProxy, type TrustedProxy } from "./trusted-proxies";

function proxies(...entries: string[]): TrustedProxy[] {
  return entries.map((entry) => {
    const parsed = parseTrustedProxy(entry);
    if ("problem" in parsed) throw new Error(parsed.problem);
    return parsed.proxy;
  });
}

describe("parseTrustedProxy", () => {
  it("normalises addresses and CIDRs, IPv4 and IPv6, to address/prefix", () => {
    expect(parseTrustedProxy("127.0.0.1")).toEqual({ proxy: "127.0.0.1/32" });
    expect(parseTrustedProxy("10.0.0.0/8")).toEqual({ proxy: "10.0.0.0/8" });
    expect(parseTrustedProxy("::1")).toEqual({ proxy: "::1/128" });
    expect(parseTrustedProxy("FD00::/8")).toEqual({ proxy: "fd00::/8" });
  });

  it.each([
    ["proxy.internal", "expected an IP address or CIDR such as 10.0.0.0/8 or ::1"],
    ["10.0.0.256", "expected an IP address or CIDR such as 10.0.0.0/8 or ::1"],
    ["fe80::1%eth0", "expected an IP address or CIDR such as 10.0.0.0/8 or ::1"],
    ["10.0.0.0/8/8", "expected an IP address or CIDR such as 10.0.0.0/8 or ::1"],
    ["10.0.0.0/33", "the prefix length must be 0 to 32"],
    ["::1/129", "the prefix length must be 0 to 128"],
    ["10.0.0.0/", "the prefix length must be 0 to 32"],
    ["10.0.0.0/x", "the prefix length must be 0 to 32"],
  ])("refuses %j", (entry, problem) => {
    expect(parseTrustedProxy(entry)).toEqual({ problem: `${JSON.stringify(entry)}: ${problem}` });
  });
});

describe("isTrustedPeer", () => {
  const trusted = proxies("127.0.0.1", "10.0.0.0/8", "::1", "fd00:1::/32");

  it("trusts addresses inside the entries, in both families", () => {
    for (const address of ["127.0.0.1", "10.200.3.4", "::1", "0:0:0:0:0:0:0:1", "fd00:1:ffff::7"])
      expect(isTrustedPeer(address, trusted), address).toBe(true);
  });

  it("trusts an IPv4 client of a dual-stack socket (::ffff:a.b.c.d) by its IPv4 entry", () => {
    expect(isTrustedPeer("::ffff:127.0.0.1", trusted)).toBe(true);
    expect(isTrustedPeer("::ffff:10.1.2.3", trusted)).toBe(true);
    expect(isTrustedPeer("::ffff:11.1.2.3", trusted)).toBe(false);
  });

  it("trusts nothing else, and no text that is not an address", () => {
    for (const address of [
      "127.0.0.2",
      "11.0.0.1",
      "::2",
      "fd00:2::1",
      "192.168.1.10",
      "",
      "localhost",
      "10.0.0.1, 1.2.3.4",
    ])
      expect(isTrustedPeer(address, trusted), address).toBe(false);
    expect(isTrustedPeer("127.0.0.1", [])).toBe(false);
  });
});

// Which peer addresses may speak for a signed-in user: the sign-in proxy's, from
// ASYNCSCOPE_TRUSTED_PROXIES (IPs and CIDRs, IPv4 and IPv6). Pure: addresses in, yes or no out.
import { BlockList, isIP } from "node:net";

/** One entry normalised to address/prefix, e.g. 10.0.0.0/8 or ::1/128. */
export type TrustedProxy = `${string}/${number}`;

/** The entry normalised to address/prefix, or why it is not an IP or CIDR. */
export function parseTrustedProxy(entry: string): { proxy: TrustedProxy } | { problem: string } {
  const [address = "", prefixText, ...rest] = entry.split("/");
  const family = isIP(address);
  const maxPrefix = family === 4 ? 32 : 128;
  // A zone (fe80::1%eth0) names an interface of the machine that wrote the list, not a peer.
  if (family === 0 || address.includes("%") || rest.length > 0)
    return { problem: `${JSON.stringify(entry)}: expected an IP address or CIDR such as 10.0.0.0/8 or ::1` };
  if (prefixText === undefined) return { proxy: `${address.toLowerCase()}/${maxPrefix}` };
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= maxPrefix))
    return { problem: `${JSON.stringify(entry)}: the prefix length must be 0 to ${maxPrefix}` };
  return { proxy: `${address.toLowerCase()}/${prefix}` };
}

const lists = new WeakMap<readonly TrustedProxy[], BlockList>();

function blockListOf(proxies: readonly TrustedProxy[]): BlockList {
  let list = lists.get(proxies);
  if (!list) {
    list = new BlockList();
    for (const proxy of proxies) {
      const [address, prefix] = proxy.split("/") as [string, string];
      list.addSubnet(address, Number(prefix), isIP(address) === 4 ? "ipv4" : "ipv6");
    }
    lists.set(proxies, list);
  }
  return list;
}

/**
 * Whether a peer address is one of the trusted proxies. An IPv4 client of a dual-stack
 * socket shows as ::ffff:10.0.0.5; that matches the IPv4 entry 10.0.0.0/8 (node:net's
 * BlockList compares IPv4-mapped addresses as IPv4).
 */
export function isTrustedPeer(address: string, proxies: readonly TrustedProxy[]): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return blockListOf(proxies).check(address, family === 4 ? "ipv4" : "ipv6");
}

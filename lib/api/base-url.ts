import { appEnv } from "@/lib/env";

/** The app's public base URL: ASYNCSCOPE_PUBLIC_URL, else the origin the request came to. */
export function publicBaseUrl(request: Request): string {
  const configured = appEnv().ASYNCSCOPE_PUBLIC_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}

/** host, or host:port; a name, an IPv4 address or a bracketed IPv6 address. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a page request came to, from its Host header (and X-Forwarded-Proto when a TLS
 * proxy sets it), for absolute link-preview URLs when ASYNCSCOPE_PUBLIC_URL is unset. Without
 * it Next.js would write http://localhost:{PORT} into og:image, which no chat app can fetch.
 * undefined for a missing or malformed Host: nothing from a header reaches a URL unchecked.
 */
export function requestOrigin(headers: Pick<Headers, "get">): string | undefined {
  const host = headers.get("host")?.trim();
  if (!host || !HOST.test(host)) return undefined;
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const protocol = forwarded === "https" || forwarded === "http" ? forwarded : "http";
  return `${protocol}://${host}`;
}

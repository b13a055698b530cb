// Where absolute links (share links, review exports, link previews, exported alert rules)
// start. Pure: the caller hands in the configuration and the request's Host header.
//
// Why not simply the Host: it is whatever the client wrote. A link built from it and handed
// to someone else (a share link pasted in chat, a preview image a chat app fetches) would
// send them to a name the sender chose. So the Host counts only when it is one of the
// origins this app is configured to be reached at, and then the configured origin (with its
// scheme) is used, not the header's spelling.

export type LinkBase =
  /** baseUrl: no trailing slash; paths starting with / are appended to it. */
  | { kind: "absolute"; baseUrl: string }
  /** baseUrl is "": links stay paths of this app; `reason` says why, for a log line or a page. */
  | { kind: "relative"; baseUrl: ""; reason: string };

export interface LinkBaseInput {
  /** ASYNCSCOPE_PUBLIC_URL, already validated as an http(s) URL without query or fragment. */
  publicUrl: string | undefined;
  /** ASYNCSCOPE_ALLOWED_ORIGINS, already normalised to origins (scheme://host[:port]). */
  allowedOrigins: readonly string[] | undefined;
  /** The request's Host header, as sent; null or undefined when it had none. */
  host: string | null | undefined;
}

export const RELATIVE_LINKS_FIX =
  "set ASYNCSCOPE_PUBLIC_URL to the address people use (or list it in ASYNCSCOPE_ALLOWED_ORIGINS)";

/** The base of absolute links for this request, or why links must stay relative. */
export function linkBase({ publicUrl, allowedOrigins, host }: LinkBaseInput): LinkBase {
  if (publicUrl) return { kind: "absolute", baseUrl: publicUrl.replace(/\/+$/, "") };
  const requested = host?.trim().toLowerCase();
  if (!requested)
    return { kind: "relative", baseUrl: "", reason: `the request had no Host header; ${RELATIVE_LINKS_FIX}` };
  const match = (allowedOrigins ?? []).find((origin) => new URL(origin).host.toLowerCase() === requested);
  if (match) return { kind: "absolute", baseUrl: new URL(match).origin };
  return {
    kind: "relative",
    baseUrl: "",
    reason: `ASYNCSCOPE_PUBLIC_URL is unset and the Host ${JSON.stringify(host?.trim().slice(0, 100))} is not one of ASYNCSCOPE_ALLOWED_ORIGINS, so it is not trusted to build links; ${RELATIVE_LINKS_FIX}`,
  };
}

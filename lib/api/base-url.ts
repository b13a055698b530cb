import { appEnv } from "@/lib/env";
import { linkBase, type LinkBase } from "@/lib/api/link-base";

/** On globalThis: the layout and each route handler are separate bundles in one process. */
const WARNED_RELATIVE = Symbol.for("asyncscope.relative-links-warned");

/**
 * The base of absolute links for a request (lib/api/link-base.ts decides), from this
 * process's configuration. When links must stay relative, the server log says why once, so an
 * operator who sees link previews without images or share links without a host learns what
 * to set; once, because every page and share link would otherwise repeat it.
 */
export function requestLinkBase(headers: Pick<Headers, "get">): LinkBase {
  const env = appEnv();
  const base = linkBase({
    publicUrl: env.ASYNCSCOPE_PUBLIC_URL,
    allowedOrigins: env.ASYNCSCOPE_ALLOWED_ORIGINS,
    host: headers.get("host"),
  });
  const scope = globalThis as Record<symbol, unknown>;
  if (base.kind === "relative" && !scope[WARNED_RELATIVE]) {
    scope[WARNED_RELATIVE] = true;
    console.warn(
      `[asyncscope] links are relative (share links, review exports, alert-rule links) and link previews have no absolute image URL: ${base.reason}`,
    );
  }
  return base;
}

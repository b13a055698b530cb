// The response headers every page and API answer carries. Pure: proxy.ts sets them.
//
// Pages get a nonce-based Content-Security-Policy: Next.js reads the nonce from the request's
// CSP header and puts it on its own scripts, so only scripts this server sent run. Inline
// style *attributes* stay allowed (style-src-attr): React writes them for computed sizes (chart
// heights, waterfall bars) and they cannot run code.

export interface HeaderOptions {
  /** CSP frame-ancestors sources; "'none'" unless a team embeds the app (ASYNCSCOPE_FRAME_ANCESTORS). */
  frameAncestors: string;
  /** `next dev` needs eval for its error overlay and inline <style> for hot reload; production neither. */
  development: boolean;
}

/**
 * The policy for a response whose page (if it is one) was rendered with `nonce`. Every answer
 * gets it, JSON and images too: strict enough for them, and a 404 page is still a page.
 */
export function pageContentSecurityPolicy(nonce: string, options: HeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // `next dev` injects its CSS as <style> elements without the nonce (hot reload); a
    // production build links stylesheets.
    options.development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join("; ");
}

/** The other headers every answer carries. */
export function commonSecurityHeaders(options: HeaderOptions): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // For browsers without CSP frame-ancestors, which can say only "nowhere" or "this origin".
    ...(options.frameAncestors === "'none'" ? { "X-Frame-Options": "DENY" } : {}),
    ...(options.frameAncestors === "'self'" ? { "X-Frame-Options": "SAMEORIGIN" } : {}),
  };
}

/** A fresh, unguessable nonce (128 bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

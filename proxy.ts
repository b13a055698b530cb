// Runs before every route (Next.js proxy, Node.js runtime): refuses cross-site writes, non-JSON
// bodies, undecodable paths and an identity header from outside the trusted proxies, and puts
// the security headers on every answer. The rules are pure functions in lib/api; this file
// only applies them.
import os from "node:os";
import { NextResponse, type NextRequest } from "next/server";
import { identityRefusal } from "@/lib/api/identity-guard";
import { peerAddressOf } from "@/lib/api/peer-address";
import { refusal } from "@/lib/api/request-guard";
import { commonSecurityHeaders, newNonce, pageContentSecurityPolicy } from "@/lib/api/security-headers";
import { appEnv } from "@/lib/env";

function allowedOrigins(): string[] {
  const env = appEnv();
  const origins = [...(env.ASYNCSCOPE_ALLOWED_ORIGINS ?? [])];
  if (env.ASYNCSCOPE_PUBLIC_URL) origins.push(new URL(env.ASYNCSCOPE_PUBLIC_URL).origin);
  return origins;
}

export function proxy(request: NextRequest): NextResponse {
  const env = appEnv();
  const options = { frameAncestors: env.ASYNCSCOPE_FRAME_ANCESTORS, development: env.NODE_ENV === "development" };
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, options);
  const refused =
    refusal({
      method: request.method,
      // The raw path as sent: nextUrl.pathname may already be normalised.
      pathname: new URL(request.url).pathname,
      headers: request.headers,
      allowedOrigins: allowedOrigins(),
      localNames: [os.hostname()],
    }) ??
    identityRefusal({
      headers: request.headers,
      authHeader: env.ASYNCSCOPE_AUTH_HEADER,
      trustedProxies: env.ASYNCSCOPE_TRUSTED_PROXIES ?? [],
      // The socket's address, recorded by the Node server (lib/api/peer-address.ts); the
      // request itself carries no trustworthy one.
      peerAddress: peerAddressOf(request.headers),
    });
  let response: NextResponse;
  if (refused) {
    console.warn(`[proxy] ${request.method} ${request.nextUrl.pathname} refused (${refused.status}): ${refused.error}`);
    response = NextResponse.json({ error: refused.error }, { status: refused.status });
  } else {
    // Next.js finds the nonce in the request's CSP header and puts it on the scripts it renders.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(commonSecurityHeaders(options))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static files (hashed, immutable; next.config.ts gives them the
  // common headers).
  matcher: ["/((?!_next/static|_next/image).*)"],
};

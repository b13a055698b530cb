// What a request must be before any route sees it: addressed to a name this app is known by;
// if it changes something, made by this app's own pages (or by a script that is no browser),
// with a JSON body; to a path that decodes. Pure: the
// proxy (proxy.ts) hands in the method, the path and the headers, and answers with the refusal.
//
// Why both checks: a page on another origin can make the browser POST a form or a text/plain
// fetch without asking (no CORS preflight), carrying the user's cookies or the sign-in proxy's
// identity. Refusing every body that is not application/json forces a preflight, which this
// app never grants; checking Origin / Sec-Fetch-Site refuses the request even where a browser
// or a proxy got that wrong.

export interface Refusal {
  status: 400 | 403 | 415 | 421;
  error: string;
}

/** Methods that change nothing; every other one is checked. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Methods that carry a body, which must be JSON. */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export interface GuardedRequest {
  method: string;
  pathname: string;
  headers: Pick<Headers, "get">;
  /**
   * The origins this app is reached at (ASYNCSCOPE_PUBLIC_URL's and ASYNCSCOPE_ALLOWED_ORIGINS);
   * empty: the Host the request came to stands for it.
   */
  allowedOrigins: readonly string[];
  /** This machine's own names (its hostname), which a request may always use. */
  localNames: readonly string[];
}

/** The request's own host (host[:port]), lower-cased; undefined without a Host header. */
function hostOf(headers: Pick<Headers, "get">): string | undefined {
  return headers.get("host")?.trim().toLowerCase() || undefined;
}

function originAllowed(origin: string, request: GuardedRequest): boolean {
  if (!URL.canParse(origin)) return false; // includes "null" (sandboxed frames, file: pages)
  const url = new URL(origin);
  if (request.allowedOrigins.length > 0) return request.allowedOrigins.includes(url.origin);
  // No origin configured: same host as the request. The scheme is not compared: behind a TLS
  // proxy the browser says https while the server is reached over http.
  return url.host.toLowerCase() === hostOf(request.headers);
}

/**
 * Why a state-changing request is refused as cross-site, or undefined. A request with neither
 * Origin nor Sec-Fetch-Site comes from no browser (curl, a script, a test client): no cookie or
 * sign-in of a victim rides on it, so it is not a forgery.
 */
export function crossSiteRefusal(request: GuardedRequest): Refusal | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (originAllowed(origin.trim(), request)) return undefined;
    return {
      status: 403,
      error: `cross-site request refused: Origin ${origin} is not this Asyncscope's (${request.allowedOrigins.join(", ") || `http(s)://${hostOf(request.headers) ?? "?"}`}); set ASYNCSCOPE_PUBLIC_URL or ASYNCSCOPE_ALLOWED_ORIGINS if it should be`,
    };
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin" || site === "none") return undefined;
  return { status: 403, error: `cross-site request refused: the browser says it came from a ${site} page` };
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** host[:port] → hostname, lower-cased, brackets kept for IPv6. */
function hostnameOf(host: string): string {
  const bracketed = /^(\[[^\]]*\])(?::\d+)?$/.exec(host);
  return (bracketed ? bracketed[1]! : host.replace(/:\d+$/, "")).toLowerCase();
}

/**
 * Why the Host is refused, or undefined. A page on a name the attacker controls can be made
 * to resolve to this server (DNS rebinding): it is then same-origin with itself, and Origin
 * checks pass. So only names this app is known by are answered: the configured origins' hosts,
 * IP addresses and localhost (no attacker's DNS is involved), and the machine's own name.
 */
export function hostRefusal(
  request: Pick<GuardedRequest, "headers" | "allowedOrigins" | "localNames">,
): Refusal | undefined {
  const host = hostOf(request.headers);
  if (host === undefined) return undefined; // HTTP/1.0 without Host: no browser
  if (request.allowedOrigins.some((origin) => new URL(origin).host.toLowerCase() === host)) return undefined;
  const name = hostnameOf(host);
  if (IPV4.test(name) || name.startsWith("[") || name === "localhost" || name.endsWith(".localhost")) return undefined;
  if (request.localNames.some((local) => local.toLowerCase() === name)) return undefined;
  return {
    status: 421,
    error: `this Asyncscope does not answer to the host ${JSON.stringify(host)}; set ASYNCSCOPE_PUBLIC_URL (or ASYNCSCOPE_ALLOWED_ORIGINS) to the address people use`,
  };
}

/** Why a request's body is refused (not JSON), or undefined. */
export function contentTypeRefusal(request: Pick<GuardedRequest, "method" | "headers">): Refusal | undefined {
  if (!BODY_METHODS.has(request.method)) return undefined;
  const type = request.headers.get("content-type");
  const mediaType = type?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/json") return undefined;
  return {
    status: 415,
    error: `send the body as JSON with Content-Type: application/json (got ${type ? JSON.stringify(type) : "none"})`,
  };
}

/**
 * Why the path is refused, or undefined: a segment that does not percent-decode (`%ff`, a bare
 * `%`) would otherwise fail inside the router as a 500.
 */
export function pathRefusal(pathname: string): Refusal | undefined {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
      return { status: 400, error: `malformed percent-encoding in the path segment ${JSON.stringify(segment)}` };
    }
  }
  return undefined;
}

/** The first refusal that applies, in the order a client can fix them. */
export function refusal(request: GuardedRequest): Refusal | undefined {
  return (
    pathRefusal(request.pathname) ?? hostRefusal(request) ?? crossSiteRefusal(request) ?? contentTypeRefusal(request)
  );
}

import { createHash, timingSafeEqual } from "node:crypto";

// Bearer-token authentication for the few routes machines call (Alertmanager's webhook).
// People are identified by the sign-in proxy (identity.ts); a machine holds a shared secret
// from the environment. Pure: the route hands in the Authorization header and the secret.

export interface BearerRefusal {
  status: 401;
  error: string;
  /** RFC 6750: a 401 says which scheme it wants. */
  headers: { "WWW-Authenticate": string };
}

const REALM = 'Bearer realm="asyncscope"';

/**
 * Why the request is not authenticated, or undefined when `authorization` carries `expected`.
 * An unset secret refuses everything: a route guarded by a token is never open by omission.
 * `setting` names the variable, so the refusal says what to check.
 */
export function bearerRefusal(
  authorization: string | null,
  expected: string | undefined,
  setting: string,
): BearerRefusal | undefined {
  if (expected === undefined)
    return {
      status: 401,
      error: `this endpoint is not configured: set ${setting} on the server (it refuses every request until then)`,
      headers: { "WWW-Authenticate": REALM },
    };
  if (authorization === null || authorization.trim() === "")
    return {
      status: 401,
      error: "authentication required: send Authorization: Bearer <token>",
      headers: { "WWW-Authenticate": REALM },
    };
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match)
    return {
      status: 401,
      error: "expected Authorization: Bearer <token> (one token, no other scheme)",
      headers: { "WWW-Authenticate": `${REALM}, error="invalid_request"` },
    };
  if (!sameSecret(match[1]!, expected))
    return {
      status: 401,
      error: `the bearer token is not the one in ${setting}`,
      headers: { "WWW-Authenticate": `${REALM}, error="invalid_token"` },
    };
  return undefined;
}

/**
 * Constant-time comparison. timingSafeEqual needs inputs of one length, and comparing lengths
 * first would tell an attacker the secret's length: SHA-256 digests are always 32 bytes.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

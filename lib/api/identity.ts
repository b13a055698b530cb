import { ALERT_AUTHOR } from "@/lib/incidents/alert-events";
import { DERIVED_AUTHOR } from "@/lib/incidents/timeline";

/**
 * Who is writing. With a trusted header configured (an SSO proxy in front of the app sets
 * it and strips it from client requests), a write without it is refused rather than stored
 * as anonymous: an incident timeline is evidence, and "someone" is not an author.
 */
export class IdentityRequiredError extends Error {
  constructor(readonly header: string) {
    super(`sign-in required: this Asyncscope takes the author from the ${header} header, and the request had none`);
    this.name = "IdentityRequiredError";
  }
}

/** An author that cannot be stored as given: it would misattribute the entry. Answered 400. */
export class InvalidAuthorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidAuthorError";
  }
}

/** The system's own names, on the events it derives and the alerts it receives: nobody may sign as them. */
function refuseReserved(author: string): string {
  if (author.toLowerCase() === DERIVED_AUTHOR.toLowerCase())
    throw new InvalidAuthorError(
      `"${DERIVED_AUTHOR}" is the author of the entries Asyncscope derives itself; sign with your own name`,
    );
  if (author.toLowerCase() === ALERT_AUTHOR.toLowerCase())
    throw new InvalidAuthorError(
      `"${ALERT_AUTHOR}" is the author of the alerts Alertmanager sends (POST /api/alerts/alertmanager); sign with your own name`,
    );
  return author;
}

export function authorOf(headers: Headers, trustedHeader: string | undefined, claimed?: string): string | undefined {
  if (trustedHeader) {
    const value = headers.get(trustedHeader)?.trim();
    if (!value) throw new IdentityRequiredError(trustedHeader);
    // Headers joins repeated fields with ", ": two identities in one request (a client's own
    // header the proxy appended to instead of replacing) must not be stored as one author.
    if (value.includes(","))
      throw new InvalidAuthorError(
        `the ${trustedHeader} header came more than once (or holds a comma): one request, one author; the proxy must replace it, not append`,
      );
    return refuseReserved(value.slice(0, 200));
  }
  // No identity configured (local use): take the name the person typed, if any.
  const typed = claimed?.trim();
  return typed ? refuseReserved(typed.slice(0, 200)) : undefined;
}

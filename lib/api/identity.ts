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

export function authorOf(headers: Headers, trustedHeader: string | undefined, claimed?: string): string | undefined {
  if (trustedHeader) {
    const value = headers.get(trustedHeader)?.trim();
    if (!value) throw new IdentityRequiredError(trustedHeader);
    return value.slice(0, 200);
  }
  // No identity configured (local use): take the name the person typed, if any.
  const typed = claimed?.trim();
  return typed ? typed.slice(0, 200) : undefined;
}

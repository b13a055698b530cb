/** The incident (or snapshot, share link) does not exist. Route handlers answer 404. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = "NotFoundError";
  }
}

/**
 * An edit was made against an older version than the one stored: someone else changed the
 * incident meanwhile. Route handlers answer 409 with the current version, and the client
 * shows the newer state instead of overwriting it.
 */
export class ConflictError extends Error {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `incident ${id} was changed by someone else (you edited version ${expectedVersion}, it is now ${currentVersion}); reload and try again`,
    );
    this.name = "ConflictError";
  }
}

/** The incident was deleted while something worked on it (a timeline derivation): not a failure. */
export function isIncidentGone(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError && error.entity === "incident";
}

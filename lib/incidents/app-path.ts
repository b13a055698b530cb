// Where a share link may send people: a page of this app, never another site. The path is
// stored, redirected to (/s/{slug}) and rendered as a link, so it is checked when the link
// is created and again when it is followed (a row written by an older version, or by hand,
// gets no benefit of the doubt). Pure: no I/O.

/** The pages a share link may open. */
export const SHARE_TARGET_PREFIXES = ["/workflows/", "/snapshots/", "/incidents/"] as const;

export const MAX_TARGET_PATH_LENGTH = 2000;

// Any base would do: it only tells a same-origin path from one the URL parser sends elsewhere.
const PROBE_ORIGIN = "http://asyncscope.invalid";

/**
 * Why `path` is not a safe same-app path, or undefined when it is. Browsers are lenient in
 * ways that matter here: "//evil.com" and "/\evil.com" are read as another host, tabs and
 * newlines are dropped from URLs, and a proxy may decode %2F or %5C before routing.
 */
export function appPathProblem(path: string): string | undefined {
  if (path.length === 0) return "it is empty";
  if (path.length > MAX_TARGET_PATH_LENGTH) return `it is longer than ${MAX_TARGET_PATH_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(path)) return "it contains a control character";
  if (/\s/.test(path)) return "it contains whitespace";
  if (path.includes("\\")) return "it contains a backslash";
  if (!path.startsWith("/"))
    return /^[a-z][a-z0-9+.-]*:/i.test(path)
      ? "it has a scheme (only paths of this app are allowed)"
      : "it does not start with /";
  if (path.startsWith("//")) return "it starts with //, which browsers read as another host";
  const pathname = path.split(/[?#]/, 1)[0] ?? "";
  // Encoded slashes, backslashes and dots have no place in this app's paths (ids are
  // [a-z0-9-] and UUIDs); a server or proxy that decodes them would see another path.
  if (/%(2f|5c|2e)/i.test(pathname)) return "it contains an encoded /, \\ or . (%2F, %5C, %2E)";
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return "it contains a malformed %-escape";
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return "it contains an encoded control character";
  if (pathname.split("/").some((segment) => segment === "." || segment === ".."))
    return "it contains a . or .. segment";
  if (!SHARE_TARGET_PREFIXES.some((prefix) => pathname.startsWith(prefix) && pathname.length > prefix.length)) {
    return `it does not open a page of this app (${SHARE_TARGET_PREFIXES.map((prefix) => `${prefix}…`).join(", ")})`;
  }
  // Defence in depth: whatever the rules above missed, the URL parser must agree that the
  // path stays on this origin and under an allowed prefix.
  const resolved = new URL(path, PROBE_ORIGIN);
  if (
    resolved.origin !== PROBE_ORIGIN ||
    !SHARE_TARGET_PREFIXES.some((prefix) => resolved.pathname.startsWith(prefix))
  ) {
    return "it resolves outside this app";
  }
  return undefined;
}

/** A share link target that is not a safe same-app path. Route handlers answer 400. */
export class InvalidTargetPathError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    const shown = path.length > 120 ? `${path.slice(0, 120)}…` : path;
    super(
      `share link target ${JSON.stringify(shown)} is refused: ${problem}; it must be a path of this app beginning with ${SHARE_TARGET_PREFIXES.join(", ")}`,
    );
    this.name = "InvalidTargetPathError";
  }
}

/**
 * The path as a URL carries it: characters outside ASCII percent-encoded (as the URL parser
 * encodes them). Stored and redirected to in this form: a Location header holds only Latin-1,
 * so a raw "ü" there made every visit of the link fail.
 */
function encodedAppPath(path: string): string {
  const url = new URL(path, PROBE_ORIGIN);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Returns the safe same-app `path`, non-ASCII encoded; throws InvalidTargetPathError otherwise. */
export function assertAppPath(path: string): string {
  const problem = appPathProblem(path);
  if (problem !== undefined) throw new InvalidTargetPathError(path, problem);
  return encodedAppPath(path);
}

export type ShareLinkDestination =
  | { kind: "redirect"; path: string }
  | { kind: "snapshot"; snapshotId: string; livePath: string }
  | { kind: "refused"; problem: string };

/**
 * What following a stored share link does: render its snapshot (with a link to the live
 * view), redirect to the view, or — for a target that is not a safe same-app path — neither.
 */
export function shareLinkDestination(link: { targetPath: string; snapshotId: string | null }): ShareLinkDestination {
  const problem = appPathProblem(link.targetPath);
  if (problem !== undefined) return { kind: "refused", problem };
  // Encoded here too: rows stored before targets were encoded still open.
  const path = encodedAppPath(link.targetPath);
  return link.snapshotId
    ? { kind: "snapshot", snapshotId: link.snapshotId, livePath: path }
    : { kind: "redirect", path };
}

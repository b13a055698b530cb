// The link a timeline event came with (an alert's dashboard annotation), which the incident
// page renders as a link. Alertmanager is trusted with a token, not with what its labels and
// annotations hold (a rule template can put anything there), so only two forms are kept: a
// path of this app (the share-link rules, app-path.ts) or an http(s) URL. Checked when the
// event is stored and again when it is rendered (a row written by hand or by an older version
// gets no benefit of the doubt). Pure and client-safe.
import { MAX_TARGET_PATH_LENGTH, appPathProblem, assertAppPath } from "./app-path";

/** Why `link` is not a link the timeline may render, or undefined when it is. */
export function eventLinkProblem(link: string): string | undefined {
  if (link.startsWith("/")) return appPathProblem(link);
  if (link.length === 0) return "it is empty";
  if (link.length > MAX_TARGET_PATH_LENGTH) return `it is longer than ${MAX_TARGET_PATH_LENGTH} characters`;
  // The URL parser drops tabs and newlines and trims spaces: what it reads would not be what
  // was sent, so such text is refused rather than repaired.
  if (/[\u0000-\u0020\u007f]/.test(link)) return "it contains whitespace or a control character";
  if (!URL.canParse(link)) return "it is neither a path of this app (/workflows/…) nor an absolute URL";
  const url = new URL(link);
  if (url.protocol !== "http:" && url.protocol !== "https:") return `its scheme ${url.protocol} is not http: or https:`;
  // user:password@host is how a link shows one host and opens another (or leaks a secret).
  if (url.username !== "" || url.password !== "") return "it carries a user name or password";
  return undefined;
}

/** The link as the page renders it (app paths and URLs with non-ASCII encoded), or undefined when refused. */
export function safeEventLink(link: string | null | undefined): string | undefined {
  if (link === null || link === undefined || eventLinkProblem(link) !== undefined) return undefined;
  return link.startsWith("/") ? assertAppPath(link) : new URL(link).href;
}

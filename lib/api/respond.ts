import "server-only";
import { z } from "zod";
import { BundleError } from "@/lib/sources/recording/format";
import { gatewayStatus, isSourceError } from "@/lib/sources/errors";
import { RecordedFailure } from "@/lib/sources/readers";
import { databaseUnavailable, errorText, missingReference } from "@/lib/db/errors";
import { WorkflowNotFoundError } from "@/lib/evaluate";
import { WindowError } from "@/lib/view/time-range";
import { InvalidTargetPathError } from "@/lib/incidents/app-path";
import { ConflictError, NotFoundError } from "@/lib/incidents/errors";
import { InvalidIncidentChangeError } from "@/lib/incidents/lifecycle";
import { InvalidParameterError } from "@/lib/incidents/list-query";
import { QuotaExceededError } from "@/lib/incidents/quota";
import { IdentityRequiredError, InvalidAuthorError } from "./identity";

// Error mapping for route handlers, in one place: what a client may see, with a status that
// says whose move it is. Anything unexpected is logged with the route and answered with a
// generic 500 that leaks nothing.

export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof z.ZodError) {
    return Response.json(
      {
        error: "invalid request",
        issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      },
      { status: 422 },
    );
  }
  if (error instanceof NotFoundError || error instanceof WorkflowNotFoundError)
    return Response.json({ error: error.message }, { status: 404 });
  if (error instanceof WindowError)
    return Response.json({ error: error.message, parameter: error.parameter }, { status: 400 });
  if (error instanceof InvalidIncidentChangeError)
    return Response.json({ error: error.message, parameter: error.field }, { status: 400 });
  if (error instanceof InvalidParameterError)
    return Response.json({ error: error.message, parameter: error.parameter }, { status: 400 });
  if (error instanceof InvalidTargetPathError)
    return Response.json({ error: error.message, parameter: "targetPath" }, { status: 400 });
  if (error instanceof ConflictError) {
    return Response.json({ error: error.message, currentVersion: error.currentVersion }, { status: 409 });
  }
  if (error instanceof QuotaExceededError)
    return Response.json(
      { error: error.message, quotaPerHour: error.quotaPerHour, retryAfterSeconds: error.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  if (error instanceof IdentityRequiredError) return Response.json({ error: error.message }, { status: 401 });
  if (error instanceof InvalidAuthorError)
    return Response.json({ error: error.message, parameter: "author" }, { status: 400 });
  // The repository turns foreign-key failures it expects into NotFoundError (404, with the
  // id); one it did not expect still names what was missing, as a conflict with current state.
  const missing = missingReference(error);
  if (missing) {
    console.warn(
      `[${route}] write refused: the ${missing.entity} it refers to does not exist (${missing.constraint ?? "unknown constraint"})`,
    );
    return Response.json(
      { error: `the ${missing.entity} this refers to does not exist (it may have been deleted meanwhile)` },
      { status: 409 },
    );
  }
  if (databaseUnavailable(error)) {
    const reason = errorText(error);
    console.error(`[${route}] database unavailable: ${reason}`);
    // Where the database is and what the driver said stay in the log.
    return Response.json(
      { error: "the database is unavailable; try again shortly" },
      { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
  // An upstream a route asked directly (most read through the evaluator, which never throws):
  // its message is written for the person on call and carries no credentials.
  if (isSourceError(error))
    return Response.json(
      { error: error.message, source: error.source, kind: error.kind },
      { status: gatewayStatus(error) },
    );
  // A recording replays the failure its source had when it was made.
  if (error instanceof RecordedFailure)
    return Response.json({ error: `recorded failure: ${error.message}` }, { status: 502 });
  if (error instanceof BundleError) {
    console.error(`[${route}] stored evidence unreadable: ${error.message}`);
    return Response.json({ error: `stored evidence is unreadable: ${error.message}` }, { status: 500 });
  }
  // Only the body parser's own errors: a SyntaxError thrown anywhere else is a bug (a JSON.parse
  // of stored or upstream data, a bad RegExp) and must be a logged 500, not the client's fault.
  if (error instanceof InvalidJsonError) return Response.json({ error: error.message }, { status: 400 });
  if (error instanceof PayloadTooLargeError)
    return Response.json({ error: error.message, limitBytes: error.limitBytes }, { status: 413 });
  console.error(`[${route}] failed:`, error);
  return Response.json({ error: "internal error; see the server log" }, { status: 500 });
}

/** What a client is told to wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 15;

/** The largest request body read (bytes): incident notes are at most 10,000 characters. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The request body is not JSON (or not UTF-8). Route handlers answer 400. */
export class InvalidJsonError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = "InvalidJsonError";
  }
}

/** The request body is larger than the limit. Route handlers answer 413. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes / 1024} KiB`);
    this.name = "PayloadTooLargeError";
  }
}

/**
 * Reads the body as UTF-8 text, counting the bytes actually received: Content-Length may be
 * absent (chunked) or lie, so it only serves to refuse early. Stops reading at the limit.
 */
async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      // Refusing matters more than a clean cancel; a failed cancel is only worth a line in the log.
      await reader
        .cancel("request body over the limit")
        .catch((error: unknown) => console.warn(`[api] could not cancel an oversized request body: ${String(error)}`));
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch (error) {
    // A fatal TextDecoder throws a TypeError for bytes that are not UTF-8.
    if (error instanceof TypeError) throw new InvalidJsonError("request body is not valid UTF-8", { cause: error });
    throw error;
  }
}

/**
 * Parses a JSON body with a zod schema. Throws PayloadTooLargeError, InvalidJsonError or
 * ZodError, mapped above; an empty body counts as {}.
 */
export async function parseJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
  limitBytes = MAX_BODY_BYTES,
): Promise<T> {
  const text = await readBodyText(request, limitBytes);
  let json: unknown = {};
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new InvalidJsonError(`request body is not valid JSON: ${error.message}`, { cause: error });
    }
  }
  return schema.parse(json);
}

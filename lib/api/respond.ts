import "server-only";
import { z } from "zod";
import { BundleError } from "@/lib/bundle/format";
import { WindowError, WorkflowNotFoundError } from "@/lib/evaluate";
import { InvalidTargetPathError } from "@/lib/incidents/app-path";
import { ConflictError, NotFoundError } from "@/lib/incidents/errors";
import { IdentityRequiredError } from "./identity";

// Error mapping for route handlers, in one place: what a client may see, with a status that
// says whose move it is. Anything unexpected is logged with the route and answered with a
// generic 500 that leaks nothing.

export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof z.ZodError) {
    return Response.json(
      { error: "invalid request", issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) },
      { status: 422 },
    );
  }
  if (error instanceof NotFoundError || error instanceof WorkflowNotFoundError) return Response.json({ error: error.message }, { status: 404 });
  if (error instanceof WindowError) return Response.json({ error: error.message, parameter: error.parameter }, { status: 400 });
  if (error instanceof InvalidTargetPathError) return Response.json({ error: error.message, parameter: "targetPath" }, { status: 400 });
  if (error instanceof ConflictError) {
    return Response.json({ error: error.message, currentVersion: error.currentVersion }, { status: 409 });
  }
  if (error instanceof IdentityRequiredError) return Response.json({ error: error.message }, { status: 401 });
  if (error instanceof BundleError) {
    console.error(`[${route}] stored evidence unreadable: ${error.message}`);
    return Response.json({ error: `stored evidence is unreadable: ${error.message}` }, { status: 500 });
  }
  if (error instanceof SyntaxError) return Response.json({ error: `request body is not valid JSON: ${error.message}` }, { status: 400 });
  console.error(`[${route}] failed:`, error);
  return Response.json({ error: "internal error; see the server log" }, { status: 500 });
}

/** Parses a JSON body with a zod schema (throws SyntaxError or ZodError, mapped above). */
export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await request.text();
  if (text.length > 256 * 1024) throw new z.ZodError([{ code: "custom", path: [], message: "body larger than 256 KiB", input: undefined }]);
  return schema.parse(text === "" ? {} : JSON.parse(text));
}

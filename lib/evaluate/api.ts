import "server-only";
// Input parsing and error mapping for the /api/workflows route handlers, in one place:
//   bad or reversed time       → 400 naming the parameter
//   unknown workflow id        → 404 with the known ids
//   anything else              → 500 with a generic message (details go to the server log only)
import { z } from "zod";
import { WorkflowNotFoundError } from "./index";
import { parseWindow, WindowError, type EvaluationWindow } from "./window";

const healthQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
});

export function parseHealthQuery(url: URL, nowMs: number): EvaluationWindow {
  const query = healthQuery.parse({ from: url.searchParams.get("from") ?? undefined, to: url.searchParams.get("to") ?? undefined });
  return parseWindow(query, nowMs);
}

export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof WindowError) return Response.json({ error: error.message, parameter: error.parameter }, { status: 400 });
  if (error instanceof WorkflowNotFoundError) return Response.json({ error: error.message }, { status: 404 });
  if (error instanceof z.ZodError) return Response.json({ error: "invalid query", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, { status: 400 });
  console.error(`[${route}] failed:`, error);
  return Response.json({ error: "internal error while evaluating; see the server log" }, { status: 500 });
}

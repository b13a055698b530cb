import "server-only";
// Input parsing for the /api/workflows route handlers. Errors are mapped in one place for every
// route (lib/api/respond.ts): a bad or reversed time is a 400 naming the parameter, an unknown
// workflow a 404.
import { z } from "zod";
import { parseWindow, type EvaluationWindow } from "./window";

const healthQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
});

export function parseHealthQuery(url: URL, nowMs: number): EvaluationWindow {
  const query = healthQuery.parse({
    from: url.searchParams.get("from") ?? undefined,
    to: url.searchParams.get("to") ?? undefined,
  });
  return parseWindow(query, nowMs);
}

// GET /api/workflows/{id}/traces/{traceId}/logs?from=&to= – the log lines of one trace (every service, oldest first) from the workflow's log store, for a trace the evaluation did not look up.
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { requireWorkflow } from "@/lib/evaluate";
import { readersFor, sources } from "@/lib/sources/registry";
import { parseWindow } from "@/lib/view/time-range";
import { FETCH_LINE_LIMIT, isFullTraceId, linesOfTraces } from "@/lib/view/trace-logs";

export const dynamic = "force-dynamic";

export async function GET(
  request: NextRequest,
  ctx: { params: Promise<{ id: string; traceId: string }> },
): Promise<Response> {
  try {
    const { id, traceId: raw } = await ctx.params;
    const config = appConfig();
    const workflow = requireWorkflow(id, config);
    const traceId = raw.toLowerCase();
    if (!isFullTraceId(traceId))
      return Response.json(
        { error: `traceId: expected 32 hex digits, got "${raw.slice(0, 64)}"`, parameter: "traceId" },
        { status: 400 },
      );
    const window = parseWindow(request.nextUrl.searchParams, Date.now());
    const reader = readersFor(workflow, config, sources()).logs;
    if (!reader)
      return Response.json(
        {
          error: `no log store is configured for workflow ${workflow.id}: add sources.logs to asyncscope.yaml (docs/sources.md)`,
          unconfigured: true,
        },
        { status: 409, headers: { "cache-control": "no-store" } },
      );
    const answer = await reader.traceLines([traceId], window, FETCH_LINE_LIMIT);
    // A recording answers with the lines of the traces it looked up, whichever is asked: keep
    // this trace's, and say when it was never looked up (its silence there proves nothing).
    const { lines } = linesOfTraces(answer.lines, [traceId], FETCH_LINE_LIMIT);
    return Response.json(
      {
        traceId,
        window,
        store: reader.store,
        lookedUp: answer.traceIds.includes(traceId),
        lines,
        truncated: answer.truncated,
        limit: answer.limit,
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/traces/{traceId}/logs");
  }
}

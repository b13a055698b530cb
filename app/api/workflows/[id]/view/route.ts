// GET /api/workflows/{id}/view?range=15m | ?from=&to= [&trace=] – the workflow page's data: health plus what each panel draws (same URL parameters as the page).
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { jsonBodyOf } from "@/lib/view/json-body";
import { pollWarmup, watchedWindowOf } from "@/lib/view/poll-warmup";
import { parseTimeRange } from "@/lib/view/time-range";
import { alignedNow, traceParam, workflowView } from "@/lib/view/workflow-view";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    // Read once: the poll is on the grid by when it arrived, not by when its evaluation settled.
    const arrivedAtMs = Date.now();
    const parsed = parseTimeRange(request.nextUrl.searchParams, alignedNow(arrivedAtMs));
    if (!parsed.ok)
      return Response.json({ error: parsed.problem.message, parameter: parsed.problem.parameter }, { status: 400 });
    const trace = traceParam(request.nextUrl.searchParams.get("trace"));
    const { fromMs, toMs } = parsed.range;
    const view = await workflowView(id, { fromMs, toMs }, trace ? { trace } : {});
    // A window moving with now is polled again next period: evaluate it at the boundary.
    const watched = watchedWindowOf(id, parsed.range);
    if (watched) pollWarmup().notePoll(watched, arrivedAtMs);
    return new Response(jsonBodyOf(view), {
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/view");
  }
}

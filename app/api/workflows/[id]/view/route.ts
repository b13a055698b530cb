// GET /api/workflows/{id}/view?range=15m | ?from=&to= [&trace=] [&at=] – the workflow page's data: health plus what each panel draws (same URL parameters as the page).
// `at` (epoch ms) is the moment the page polled for: a poll that waits in the server's queue past
// its 5-s slot is still answered for that slot, at most one refresh period back (lib/view/poll-moment.ts).
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { jsonBodyOf } from "@/lib/view/json-body";
import { pollMoment } from "@/lib/view/poll-moment";
import { pollWarmup, watchedWindowOf } from "@/lib/view/poll-warmup";
import { parseTimeRange } from "@/lib/view/time-range";
import { latePollView, traceParam, workflowView } from "@/lib/view/workflow-view";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    // Read once: the poll is on the grid by the moment it was sent for (or arrived, without `at`),
    // not by when its evaluation settled.
    const moment = pollMoment(request.nextUrl.searchParams.get("at"), Date.now());
    if (!moment.ok)
      return Response.json({ error: moment.problem.message, parameter: moment.problem.parameter }, { status: 400 });
    // Only a relative window moves with the moment: `from` without `to` ends at the server's now,
    // as before `at` (no warm-up evaluates such a window, so a past moment would be evaluated anew).
    const params = request.nextUrl.searchParams;
    const relative = !params.has("from") && !params.has("to");
    const parsed = parseTimeRange(params, relative ? moment.nowMs : moment.serverAlignedMs);
    if (!parsed.ok)
      return Response.json({ error: parsed.problem.message, parameter: parsed.problem.parameter }, { status: 400 });
    const trace = traceParam(request.nextUrl.searchParams.get("trace"));
    const opts = trace ? { trace } : {};
    const { fromMs, toMs } = parsed.range;
    // A late poll's slot has passed: answered by an evaluation made for it or since, never by a
    // new evaluation of a moment already past (latePollView).
    const view =
      moment.late && parsed.range.kind === "relative"
        ? await latePollView(
            id,
            { fromMs, toMs },
            { fromMs: moment.serverAlignedMs - (toMs - fromMs), toMs: moment.serverAlignedMs },
            opts,
          )
        : await workflowView(id, { fromMs, toMs }, opts);
    // A window moving with now is polled again next period: evaluate it at the boundary.
    const watched = watchedWindowOf(id, parsed.range);
    if (watched) pollWarmup().notePoll(watched, moment.nowMs);
    return new Response(jsonBodyOf(view), {
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/view");
  }
}

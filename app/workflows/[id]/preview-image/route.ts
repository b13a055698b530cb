// GET /workflows/{id}/preview-image?range=…|from=…&to=… – the link preview (OpenGraph/Twitter
// image) of a workflow page for the window its URL names: workflow, verdict, key numbers and
// window, so a link pasted into Slack or Teams previews the situation it points at. (A segment
// opengraph-image file would not see the URL's window: those get route params only.)
import { appConfig } from "@/lib/config";
import { evaluateShared, findWorkflow } from "@/lib/evaluate";
import { presentHealth } from "@/lib/view/health";
import { alignedNow } from "@/lib/view/time-range";
import { workflowPreview } from "@/lib/og/health-card";
import { previewImage } from "@/lib/og/preview-card";
import { parseTimeRange } from "@/lib/view/time-range";
import { formatTimestamp } from "@/lib/view/time-zone";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const workflow = findWorkflow(id);
  if (!workflow)
    return previewImage(
      { kicker: "Workflow", title: `Unknown workflow ${id}`, verdict: "unknown", numbers: [], window: "" },
      404,
    );
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = parseTimeRange(query, alignedNow(Date.now()));
  if (!parsed.ok)
    return previewImage(
      {
        kicker: "Workflow",
        title: workflow.name,
        verdict: "unknown",
        numbers: [],
        window: `unreadable window: ${parsed.problem.message}`,
      },
      400,
    );
  try {
    const evaluation = await evaluateShared(workflow, { fromMs: parsed.range.fromMs, toMs: parsed.range.toMs });
    const { signals } = evaluation;
    const health = presentHealth(evaluation, appConfig());
    const windowText = `${formatTimestamp(signals.window.fromMs, "utc")} → ${formatTimestamp(signals.window.toMs, "utc")}`;
    return previewImage(
      workflowPreview(
        { config: workflow, health, signals },
        workflow.replay ? "Workflow (recording)" : "Workflow",
        windowText,
      ),
    );
  } catch (error) {
    // evaluateShared reports failed sources as unknown checks; anything thrown is a bug or a
    // broken recording: say so on the card and in the log, never a blank or "ok" preview.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[preview-image] workflow ${id}: ${message}`);
    // The card is public (chat tools fetch it): the cause stays in the log.
    return previewImage(
      {
        kicker: "Workflow",
        title: workflow.name,
        verdict: "unknown",
        numbers: [],
        window: "evaluation failed; see the server log",
      },
      500,
    );
  }
}

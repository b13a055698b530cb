// GET /api/incidents/{id}/export?format=md|json – the post-incident review (Markdown by default).
import { z } from "zod";
import { db } from "@/lib/db/client";
import { requestLinkBase } from "@/lib/api/base-url";
import { errorResponse } from "@/lib/api/respond";
import { reviewJson, reviewMarkdown } from "@/lib/incidents/export";
import { deriveIncidentTimeline } from "@/lib/incidents/derive";
import { getIncident } from "@/lib/incidents/repository";
import { reviewInput } from "@/lib/incidents/review";

export const dynamic = "force-dynamic";

const formatParam = z.enum(["md", "json"]).default("md");

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const format = formatParam.parse(new URL(request.url).searchParams.get("format") ?? undefined);
    const database = await db();
    // The review wants the whole timeline: derive what the sources still hold first (a no-op
    // for what is stored), and say in the review what could not be read.
    const derived = await deriveIncidentTimeline(database, await getIncident(database, id), Date.now());
    const input = {
      ...(await reviewInput(database, id, requestLinkBase(request.headers).baseUrl)),
      timelineProblems: derived.problems,
    };
    if (format === "json") return Response.json(reviewJson(input));
    return new Response(reviewMarkdown(input), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `inline; filename="incident-${id.slice(0, 8)}-review.md"`,
      },
    });
  } catch (error) {
    return errorResponse(error, "GET /api/incidents/{id}/export");
  }
}

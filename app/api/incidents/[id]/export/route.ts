// GET /api/incidents/{id}/export?format=md|json – the post-incident review (Markdown by default).
import { after } from "next/server";
import { z } from "zod";
import { db, instanceLocks } from "@/lib/db/client";
import { requestLinkBase } from "@/lib/api/base-url";
import { errorResponse } from "@/lib/api/respond";
import { reviewJson, reviewMarkdown } from "@/lib/incidents/export";
import { refreshTimeline, timelineNeedsRefresh } from "@/lib/incidents/background-derive";
import { derivationNotes, readDerivationState } from "@/lib/incidents/derivation-state";
import { getIncident } from "@/lib/incidents/repository";
import { reviewInput } from "@/lib/incidents/review";

export const dynamic = "force-dynamic";

const formatParam = z.enum(["md", "json"]).default("md");

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const format = formatParam.parse(new URL(request.url).searchParams.get("format") ?? undefined);
    const database = await db();
    // The review holds the stored timeline and says how fresh it is; a fresh derivation is
    // asked for after the response (as on the incident page), so the GET never waits on the
    // sources or writes.
    const incident = await getIncident(database, id);
    const derivation = await readDerivationState(database, id);
    if (timelineNeedsRefresh(incident, derivation, Date.now()))
      after(() => refreshTimeline(incident, { openDb: db, openLocks: instanceLocks }));
    const input = {
      ...(await reviewInput(database, id, requestLinkBase(request.headers).baseUrl)),
      timelineProblems: derivationNotes(derivation),
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

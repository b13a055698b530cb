// POST /api/incidents/{id}/events – add a note or pin evidence to the timeline (appends never conflict).
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { authorOf } from "@/lib/api/identity";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { addTimelineEvent } from "@/lib/incidents/repository";
import { addEventBody } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const { author: claimed, at, ...event } = await parseJsonBody(request, addEventBody);
    const author = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER, claimed);
    const stored = await addTimelineEvent(await db(), id, {
      ...event,
      at: at ?? new Date(),
      ...(author ? { author } : {}),
    });
    return Response.json({ event: stored }, { status: 201 });
  } catch (error) {
    return errorResponse(error, "POST /api/incidents/{id}/events");
  }
}

// GET /api/incidents – one page of incidents, newest start first, filtered, with the next page's cursor · POST /api/incidents – open one.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { authorOf } from "@/lib/api/identity";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { assertKnownWorkflows } from "@/lib/incidents/known-workflows";
import { listIncidentsPage } from "@/lib/incidents/list";
import { parseIncidentListQuery } from "@/lib/incidents/list-query";
import { createIncident } from "@/lib/incidents/repository";
import { createIncidentBody } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseIncidentListQuery(new URL(request.url).searchParams);
    return Response.json(await listIncidentsPage(await db(), query));
  } catch (error) {
    return errorResponse(error, "GET /api/incidents");
  }
}

export async function POST(request: Request): Promise<Response> {
  try {
    const body = await parseJsonBody(request, createIncidentBody);
    assertKnownWorkflows(body.workflowIds, appConfig());
    const author = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER, body.author);
    const incident = await createIncident(await db(), { ...body, ...(author ? { createdBy: author } : {}) });
    return Response.json({ incident }, { status: 201 });
  } catch (error) {
    return errorResponse(error, "POST /api/incidents");
  }
}

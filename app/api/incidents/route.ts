// GET /api/incidents – recent incidents, newest first · POST /api/incidents – open one.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { authorOf } from "@/lib/api/identity";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { assertKnownWorkflows } from "@/lib/incidents/known-workflows";
import { createIncident, listIncidents } from "@/lib/incidents/repository";
import { createIncidentBody } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return Response.json({ incidents: await listIncidents(await db()) });
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

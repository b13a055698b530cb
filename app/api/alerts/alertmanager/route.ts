// POST /api/alerts/alertmanager – Alertmanager's webhook: firing and resolved alerts onto the open incident of their workflow.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { bearerRefusal } from "@/lib/api/bearer";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { describeNotification, recordAlertNotification } from "@/lib/incidents/alertmanager";
import { ALERTMANAGER_MAX_BODY_BYTES, alertmanagerPayload } from "@/lib/incidents/alertmanager-schema";

export const dynamic = "force-dynamic";

const ROUTE = "POST /api/alerts/alertmanager";

export async function POST(request: Request): Promise<Response> {
  try {
    const env = appEnv();
    // Before the body is read: nobody without the token gets to make the server parse a megabyte.
    const refused = bearerRefusal(
      request.headers.get("authorization"),
      env.ASYNCSCOPE_ALERTMANAGER_TOKEN,
      "ASYNCSCOPE_ALERTMANAGER_TOKEN",
    );
    if (refused) {
      console.warn(`[${ROUTE}] refused (401): ${refused.error}`);
      return Response.json({ error: refused.error }, { status: refused.status, headers: refused.headers });
    }
    const payload = await parseJsonBody(request, alertmanagerPayload, ALERTMANAGER_MAX_BODY_BYTES);
    const result = await recordAlertNotification(await db(), payload, {
      workflowIds: appConfig().workflows.map((workflow) => workflow.id),
      openIncidents: env.ASYNCSCOPE_ALERTS_OPEN_INCIDENTS,
    });
    console.info(`[${ROUTE}] ${describeNotification(payload, result)}`);
    // 200 even when every alert was skipped: Alertmanager counts any other answer as a failed
    // notification (and retries a 5xx), yet a retry would be skipped for the same reason. Only
    // failures a retry can fix (the database: 503) are 5xx.
    return Response.json(result);
  } catch (error) {
    return errorResponse(error, ROUTE);
  }
}

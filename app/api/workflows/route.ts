// GET /api/workflows – every configured workflow with its verdict over the last 15 minutes.
import { errorResponse } from "@/lib/api/respond";
import { workflowSummaries } from "@/lib/view/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return Response.json({ workflows: await workflowSummaries(new Date()) });
  } catch (error) {
    return errorResponse(error, "GET /api/workflows");
  }
}

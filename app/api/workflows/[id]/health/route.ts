// GET /api/workflows/{id}/health?from=&to= – checks, verdict, checklist and transitions for one window (RFC 3339; default the last 15 minutes).
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { workflowHealth } from "@/lib/view/health";
import { parseWindow } from "@/lib/view/time-range";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const window = parseWindow(request.nextUrl.searchParams, Date.now());
    return Response.json(await workflowHealth(id, window));
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/health");
  }
}

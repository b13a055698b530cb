// GET /api/workflows/{id}/alert-rules?format=prometheus|grafana[&download=1][&datasourceUid=] – the workflow's checks as alert rules (docs/alerting.md).
import type { NextRequest } from "next/server";
import { exportConfigRules } from "@/lib/alerts/export-config";
import { RULE_FORMATS, type RuleFormat } from "@/lib/alerts/export";
import { requestLinkBase } from "@/lib/api/base-url";
import { errorResponse } from "@/lib/api/respond";
import { appConfig, configFilePath } from "@/lib/config";
import { sources } from "@/lib/sources/registry";
import path from "node:path";

export const dynamic = "force-dynamic";

/** A Grafana data source uid: letters, digits, - and _ (at most 40). */
const DATASOURCE_UID = /^[A-Za-z0-9_-]{1,40}$/;

export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const params = request.nextUrl.searchParams;
    const format = params.get("format") ?? "prometheus";
    if (!RULE_FORMATS.includes(format as RuleFormat))
      return Response.json(
        { error: `format: expected one of ${RULE_FORMATS.join(", ")}, got "${format}"`, parameter: "format" },
        { status: 400 },
      );
    const datasourceUid = params.get("datasourceUid") ?? undefined;
    if (datasourceUid !== undefined && !DATASOURCE_UID.test(datasourceUid))
      return Response.json(
        { error: "datasourceUid: expected 1–40 letters, digits, - or _", parameter: "datasourceUid" },
        { status: 400 },
      );
    const config = appConfig();
    // The links must open for whoever gets paged: the public URL, else the Host people used
    // if it is a configured origin (lib/api/link-base.ts); else they are paths, and the
    // problems header says why.
    const base = requestLinkBase(request.headers);
    const { text, problems } = await exportConfigRules(config, sources(), {
      format: format as RuleFormat,
      generatedAt: new Date(),
      origin: path.basename(configFilePath()),
      baseUrl: base.baseUrl,
      workflowIds: [id],
      ...(datasourceUid ? { datasourceUid } : {}),
    });
    const headers: Record<string, string> = {
      "content-type": "application/yaml; charset=utf-8",
      "cache-control": "no-store",
    };
    if (base.kind === "relative") problems.push(`links are paths without a host: ${base.reason}`);
    // What the file could not cover is in its comments; the header lets a script see it too.
    if (problems.length) headers["x-asyncscope-export-problems"] = encodeURIComponent(problems.join("; "));
    if (params.get("download") === "1")
      headers["content-disposition"] = `attachment; filename="asyncscope-${id}-${format}-rules.yml"`;
    return new Response(text, { headers });
  } catch (error) {
    return errorResponse(error, "GET /api/workflows/{id}/alert-rules");
  }
}

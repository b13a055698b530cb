// POST /api/share-links – a short absolute-time link to a workflow view, by default with the evidence frozen in a snapshot.
import { appEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { captureBundle } from "@/lib/evidence/capture";
import { BUNDLE_VERSION } from "@/lib/sources/recording/format";
import { requestLinkBase } from "@/lib/api/base-url";
import { authorOf } from "@/lib/api/identity";
import { errorResponse, parseJsonBody } from "@/lib/api/respond";
import { appConfig } from "@/lib/config";
import { assertAppPath } from "@/lib/incidents/app-path";
import { assertKnownWorkflows } from "@/lib/incidents/known-workflows";
import { createShareLink } from "@/lib/incidents/repository";
import { assertSnapshotQuota } from "@/lib/incidents/snapshot-quota";
import { shareLinkBody } from "@/lib/incidents/schemas";
import { absoluteParams, parseWindow } from "@/lib/view/time-range";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const body = await parseJsonBody(request, shareLinkBody);
    assertKnownWorkflows([body.workflowId], appConfig(), "workflowId");
    const author = authorOf(request.headers, appEnv().ASYNCSCOPE_AUTH_HEADER, body.author);
    const window = parseWindow({ from: body.from, to: body.to }, Date.now());
    // Checked before the snapshot is captured, so a refused link leaves no orphan snapshot.
    const targetPath = assertAppPath(
      body.targetPath ??
        `/workflows/${body.workflowId}?${new URLSearchParams(absoluteParams({ kind: "absolute", ...window })).toString()}`,
    );
    const database = await db();
    const quotaPerHour = appEnv().ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR;
    await assertSnapshotQuota(database, quotaPerHour); // before the capture; checked again when stored
    const snapshot = body.snapshot
      ? {
          workflowId: body.workflowId,
          windowFrom: new Date(window.fromMs),
          windowTo: new Date(window.toMs),
          bundleVersion: BUNDLE_VERSION,
          bundle: await captureBundle([body.workflowId], window, "shared link"),
        }
      : undefined;
    const link = await createShareLink(database, {
      quotaPerHour,
      targetPath,
      windowFrom: new Date(window.fromMs),
      windowTo: new Date(window.toMs),
      ...(snapshot ? { snapshot } : {}),
      ...(author ? { createdBy: author } : {}),
    });
    // Absolute only from a trusted base; else the path, which the page resolves against the
    // address it was loaded from (lib/api/link-base.ts).
    const { baseUrl } = requestLinkBase(request.headers);
    return Response.json(
      { slug: link.slug, url: `${baseUrl}/s/${link.slug}`, snapshotId: link.snapshotId, targetPath },
      { status: 201 },
    );
  } catch (error) {
    return errorResponse(error, "POST /api/share-links");
  }
}

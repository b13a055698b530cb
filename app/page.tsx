import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SourceBar } from "@/components/sources/source-bar";
import { WorkflowList } from "@/components/workflow/workflow-list";
import { appConfig } from "@/lib/config";
import { loadOverview } from "@/lib/overview";
import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";

export const metadata: Metadata = { title: "Workflows" };

export default async function OverviewPage() {
  await connection(); // live data: render per request, never at build time
  // No workflow declared yet: the place to start is discovery, which says what it needs.
  if (appConfig().workflows.length === 0) redirect("/discover");
  const overview = await loadOverview();
  const workflows = appConfig().workflows;
  const replayed = workflows.filter((workflow) => workflow.replay).length;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Workflows</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Each async workflow from <span className="font-mono">{overview.configFile}</span>, worst first, judged over
          the last 15 minutes
          {replayed > 0
            ? ` (${replayed === workflows.length ? "all replay" : `${replayed} replay`} recordings, judged over their recorded window)`
            : ""}
          .
        </p>
      </div>
      <SourceBar sources={overview.sources} liveWorkflows={workflows.length - replayed} />
      <WorkflowList
        workflows={overview.workflows}
        zone={parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value)}
      />
    </div>
  );
}

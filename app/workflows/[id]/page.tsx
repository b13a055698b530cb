import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ViewToolbar } from "@/components/view/view-toolbar";
import { AlertRulesPanel } from "@/components/workflow/alert-rules-panel";
import { LazyConfigDrift } from "@/components/workflow/below-fold";
import { ReplayBanner } from "@/components/workflow/replay-banner";
import { WorkflowDeclaration } from "@/components/workflow/workflow-declaration";
import { WorkflowLive } from "@/components/workflow/workflow-live";
import { parseTimeRange, rangeParams } from "@/lib/view/time-range";
import type { WorkflowViewModel } from "@/lib/view/view-model";
import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";
import { openIncidentChoices } from "@/lib/incidents/open-choices";
import { alignedNow, findWorkflow, traceParam, workflowView } from "@/lib/view/workflow-view";
import { PAGE_REUSE_MS } from "@/lib/evaluate/reuse";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { id } = await params;
  const workflow = findWorkflow(id);
  if (!workflow) return { title: "Unknown workflow" };
  // The preview image is drawn for the window this URL names (see preview-image/route.ts).
  const window = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams))
    if (typeof value === "string" && ["range", "from", "to"].includes(key)) window.set(key, value);
  const image = {
    url: `/workflows/${encodeURIComponent(id)}/preview-image?${window.toString()}`,
    width: 1200,
    height: 630,
    alt: `${workflow.name}: verdict, key numbers and window`,
  };
  const description = workflow.description?.trim() ?? `Asyncscope workflow ${workflow.id}`;
  return {
    title: workflow.name,
    description,
    openGraph: { title: workflow.name, description, images: [image] },
    twitter: { card: "summary_large_image", title: workflow.name, description, images: [image.url] },
  };
}

export default async function WorkflowPage({ params, searchParams }: Props) {
  await connection(); // live data: render per request
  const { id } = await params;
  const workflow = findWorkflow(id);
  if (!workflow) notFound();
  const nowMs = alignedNow(Date.now());
  const zone = parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  // The same parser as the API: a pasted URL gives the same window. The toolbar is handed the
  // window resolved here, so the browser carries no parser of its own.
  const query = await searchParams;
  const parsed = parseTimeRange(query, nowMs);
  const trace = traceParam(query.trace);
  let view: WorkflowViewModel | undefined;
  if (parsed.ok) {
    const window = { fromMs: parsed.range.fromMs, toMs: parsed.range.toMs };
    // Only a relative window may be answered by a recent evaluation: an absolute one is exactly its URL's.
    view = await workflowView(id, window, {
      ...(trace ? { trace } : {}),
      ...(parsed.range.kind === "relative" ? { reuseWithinMs: PAGE_REUSE_MS } : {}),
    });
  }
  const incidents = await openIncidentChoices();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{workflow.name}</h1>
        {workflow.description ? (
          <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{workflow.description}</p>
        ) : null}
      </div>
      {workflow.replay ? <ReplayBanner workflow={workflow} zone={zone} /> : null}
      {parsed.ok && view ? (
        <WorkflowLive
          initial={view}
          params={{ ...rangeParams(parsed.range), ...(trace ? { trace } : {}) }}
          zone={zone}
          incidents={incidents}
          recorded={Boolean(workflow.replay)}
          // A recording never changes; an absolute window wholly in the past neither.
          fixed={Boolean(workflow.replay) || (parsed.range.kind === "absolute" && parsed.range.toMs < nowMs - 60_000)}
        />
      ) : !parsed.ok ? (
        <>
          <ViewToolbar zone={zone} problem={parsed.problem.message} />
          <p role="alert" className="rounded-lg border border-status-critical/40 bg-status-critical/10 p-4 text-sm">
            This link&apos;s time window cannot be read: {parsed.problem.message}. Pick a window above.
          </p>
        </>
      ) : null}
      <LazyConfigDrift workflowId={workflow.id} />
      <details className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
        <summary className="cursor-pointer font-medium">What this workflow is declared to be</summary>
        <div className="mt-3">
          <WorkflowDeclaration workflow={workflow} />
        </div>
      </details>
      <AlertRulesPanel workflowId={workflow.id}>
        <p className="max-w-3xl text-slate-600 dark:text-slate-400">
          These checks as alert rules for the Prometheus or Grafana the team already runs, so they page at 2 AM instead
          of waiting for someone to look. Each alert links back here, to the window it fired in. Trace checks cannot be
          PromQL: they alert through <code>asyncscope_check_status</code> on <code>/api/metrics</code>. See
          docs/alerting.md.
        </p>
      </AlertRulesPanel>
    </div>
  );
}

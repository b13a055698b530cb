import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { connection } from "next/server";
import { NewIncidentForm } from "@/components/incidents/new-incident-form";
import { IncidentFilters } from "@/components/incidents/incident-filters";
import { Time } from "@/components/ui/time";
import { appConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listIncidentsPage } from "@/lib/incidents/list";
import {
  incidentFilterParams,
  incidentListHref,
  InvalidParameterError,
  parseIncidentListQuery,
  type IncidentListQuery,
} from "@/lib/incidents/list-query";
import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";

export const metadata: Metadata = { title: "Incidents" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function toSearchParams(query: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, one);
  return params;
}

/** A bad filter in the URL is said on the page, not a crash of it. */
function readQuery(params: URLSearchParams): { ok: true; query: IncidentListQuery } | { ok: false; problem: string } {
  try {
    return { ok: true, query: parseIncidentListQuery(params) };
  } catch (error) {
    if (error instanceof InvalidParameterError) return { ok: false, problem: error.message };
    throw error;
  }
}

export default async function IncidentsPage({ searchParams }: Props) {
  await connection();
  const params = toSearchParams(await searchParams);
  const workflow = params.get("workflow") ?? undefined;
  const startedAt = params.get("startedAt") ?? undefined;
  const zone = parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  const workflows = appConfig().workflows.map((wf) => ({ id: wf.id, name: wf.name }));
  // The same parser as GET /api/incidents: a pasted URL lists the same incidents.
  const read = readQuery(params);
  const query = read.ok ? read.query : undefined;
  const page = query ? await listIncidentsPage(await db(), query) : undefined;
  const filtered = query ? Object.keys(incidentFilterParams(query)).length > 0 : false;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Incidents</h1>
      <NewIncidentForm
        workflows={workflows}
        {...(workflow ? { initialWorkflowId: workflow } : {})}
        {...(startedAt ? { initialStartedAt: startedAt } : {})}
      />
      <IncidentFilters workflows={workflows} params={Object.fromEntries(params)} />
      {!page ? (
        <p role="alert" className="rounded-lg border border-status-critical/40 bg-status-critical/10 p-4 text-sm">
          Cannot list incidents: {read.ok ? "" : read.problem}
        </p>
      ) : page.items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {filtered || query?.cursor ? "No incidents match." : "No incidents yet."}
        </p>
      ) : (
        <ul
          aria-label="Incidents"
          className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
        >
          {page.items.map((incident) => (
            <li key={incident.id} className="flex flex-wrap items-baseline justify-between gap-2 p-4 text-sm">
              <div>
                <Link href={`/incidents/${incident.id}`} className="font-medium hover:underline">
                  {incident.title}
                </Link>
                <span className="ml-2 text-xs uppercase text-muted">{incident.severity}</span>
              </div>
              <div className="text-xs text-slate-600 dark:text-slate-400">
                {incident.status} · started <Time ms={incident.startedAt.getTime()} zone={zone} /> ·{" "}
                {incident.workflowIds.join(", ")}
              </div>
            </li>
          ))}
        </ul>
      )}
      {query && (query.cursor || page?.nextCursor) ? (
        <nav aria-label="Incident pages" className="flex gap-4 text-sm">
          {query.cursor ? (
            <Link className="underline" href={incidentListHref(query)}>
              First page
            </Link>
          ) : null}
          {page?.nextCursor ? (
            <Link className="underline" href={incidentListHref(query, page.nextCursor)}>
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { connection } from "next/server";
import { NewIncidentForm } from "@/components/incidents/new-incident-form";
import { Time } from "@/components/ui/time";
import { appConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listIncidents } from "@/lib/incidents/repository";
import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";

export const metadata: Metadata = { title: "Incidents" };

interface Props {
  searchParams: Promise<{ workflow?: string; startedAt?: string }>;
}

export default async function IncidentsPage({ searchParams }: Props) {
  await connection();
  const { workflow, startedAt } = await searchParams;
  const incidents = await listIncidents(await db());
  const zone = parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  const workflows = appConfig().workflows.map((wf) => ({ id: wf.id, name: wf.name }));
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Incidents</h1>
      <NewIncidentForm
        workflows={workflows}
        {...(workflow ? { initialWorkflowId: workflow } : {})}
        {...(startedAt ? { initialStartedAt: startedAt } : {})}
      />
      {incidents.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No incidents yet.</p>
      ) : (
        <ul
          aria-label="Incidents"
          className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
        >
          {incidents.map((incident) => (
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
    </div>
  );
}

import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { cookies } from "next/headers";
import { after, connection } from "next/server";
import { NoteForm } from "@/components/incidents/note-form";
import { StatusControl } from "@/components/incidents/status-control";
import { Timeline } from "@/components/incidents/timeline";
import { ResponseTimes } from "@/components/incidents/response-times";
import { responseTimes } from "@/lib/incidents/response-times";
import { RefreshWhenDerived } from "@/components/incidents/refresh-when-derived";
import { TimelineFreshness } from "@/components/incidents/timeline-freshness";
import { DeleteControl } from "@/components/ui/delete-control";
import { Time } from "@/components/ui/time";
import { db, instanceLocks } from "@/lib/db/client";
import { appEnv } from "@/lib/env";
import { refreshTimeline, timelineNeedsRefresh } from "@/lib/incidents/background-derive";
import { readDerivationState } from "@/lib/incidents/derivation-state";
import { NotFoundError } from "@/lib/incidents/errors";
import { getIncident } from "@/lib/incidents/repository";
import { formatTimestamp, parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";

interface Props {
  params: Promise<{ id: string }>;
}

async function load(id: string) {
  try {
    return await getIncident(await db(), id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

// generateMetadata and the page share one query per request.
const loadOnce = cache(load);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const incident = await loadOnce(id);
  const description = `${incident.severity.toUpperCase()} · ${incident.status} · started ${formatTimestamp(incident.startedAt.getTime(), "utc")} · ${incident.workflowIds.join(", ")}`;
  return {
    title: incident.title,
    description,
    openGraph: { title: incident.title, description },
    twitter: { card: "summary_large_image", title: incident.title, description },
  };
}

export default async function IncidentPage({ params }: Props) {
  await connection();
  // With a sign-in proxy the server signs writes with its header: no name to type or show.
  const signedIn = appEnv().ASYNCSCOPE_AUTH_HEADER !== undefined;
  const { id } = await params;
  const incident = await loadOnce(id);
  // The timeline fills itself from the workflows' check transitions over the incident window.
  // The page shows what is stored and asks for a fresh derivation after its response: a GET
  // never waits on Prometheus or Jaeger, and never writes.
  const derivation = await readDerivationState(await db(), id);
  const refreshing = timelineNeedsRefresh(incident, derivation, Date.now());
  if (refreshing) after(() => refreshTimeline(incident, { openDb: db, openLocks: instanceLocks }));
  // The viewer's UTC/Local choice (set on a workflow page); link previews above stay in UTC.
  const zone = parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <p className="text-xs uppercase tracking-wide text-muted">{incident.severity} incident</p>
        <h1 className="text-2xl font-semibold tracking-tight">{incident.title}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Started <Time ms={incident.startedAt.getTime()} zone={zone} />
          {incident.resolvedAt ? (
            <>
              , resolved <Time ms={incident.resolvedAt.getTime()} zone={zone} />
            </>
          ) : (
            ", ongoing"
          )}{" "}
          · workflows{" "}
          {incident.workflowIds.map((workflowId, index) => (
            <span key={workflowId}>
              {index > 0 ? ", " : ""}
              <a
                className="underline"
                href={`/workflows/${workflowId}?from=${encodeURIComponent(incident.startedAt.toISOString())}&to=${encodeURIComponent((incident.resolvedAt ?? new Date()).toISOString())}`}
              >
                {workflowId}
              </a>
            </span>
          ))}
          {incident.createdBy ? ` · opened by ${incident.createdBy}` : ""}
        </p>
        <ResponseTimes times={responseTimes(incident, incident.events)} zone={zone} />
        <StatusControl
          incidentId={incident.id}
          status={incident.status}
          version={incident.version}
          signedIn={signedIn}
        />
        <p className="flex gap-4 text-sm">
          <a className="underline" href={`/api/incidents/${incident.id}/export?format=md`}>
            Review (Markdown)
          </a>
          <a className="underline" href={`/api/incidents/${incident.id}/export?format=json`}>
            Review (JSON)
          </a>
        </p>
        <DeleteControl
          url={`/api/incidents/${encodeURIComponent(incident.id)}`}
          what="this incident"
          consequence="Its timeline and the snapshots pinned to it go with it; snapshots that a share link opens are kept."
          afterHref="/incidents"
        />
      </div>
      <section aria-labelledby="timeline-heading" className="flex flex-col gap-4">
        <h2 id="timeline-heading" className="font-medium">
          Timeline
        </h2>
        <TimelineFreshness state={derivation} refreshing={refreshing} zone={zone} />
        {refreshing ? <RefreshWhenDerived /> : null}
        <Timeline events={incident.events} zone={zone} />
        <NoteForm incidentId={incident.id} signedIn={signedIn} />
      </section>
    </div>
  );
}

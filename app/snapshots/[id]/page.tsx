import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";
import { cookies } from "next/headers";
import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { FrozenWorkflow } from "@/components/snapshot/frozen-workflow";
import { SnapshotBanner } from "@/components/snapshot/snapshot-banner";
import { DeleteControl } from "@/components/ui/delete-control";
import { loadSnapshot } from "@/lib/evidence/load-snapshot";
import { NotFoundError } from "@/lib/incidents/errors";
import { traceParam } from "@/lib/view/view-model";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// One read per request: generateMetadata and the page both need it (a snapshot is megabytes
// of JSON), and only fetch() is deduplicated by Next on its own.
const load = cache(async (id: string) => {
  try {
    return await loadSnapshot(id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const snapshot = await load(id);
  const health = snapshot.bundle.workflows[0]?.health;
  const title = health ? `${health.workflow.name}: ${health.status} (snapshot)` : "Snapshot";
  const description = health?.summary ?? "Evidence snapshot";
  return {
    title,
    description,
    openGraph: { title, description },
    twitter: { card: "summary_large_image", title, description },
  };
}

export default async function SnapshotPage({ params, searchParams }: Props) {
  await connection();
  const { id } = await params;
  // The open trace, read as the workflow page reads it: a pinned trace's evidence link opens it.
  const trace = traceParam((await searchParams).trace);
  const snapshot = await load(id);
  return (
    <div className="flex flex-col gap-6">
      <SnapshotBanner
        takenAt={snapshot.takenAt}
        windowFrom={snapshot.windowFrom}
        windowTo={snapshot.windowTo}
        {...(snapshot.bundle.label ? { label: snapshot.bundle.label } : {})}
        zone={parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value)}
      />
      {snapshot.bundle.workflows.map((entry) => (
        <FrozenWorkflow key={entry.config.id} entry={entry} {...(trace ? { trace } : {})} />
      ))}
      <DeleteControl
        url={`/api/snapshots/${encodeURIComponent(id)}`}
        what="this snapshot"
        consequence="The share links that open it go with it; an incident it is pinned to records the deletion on its timeline."
        afterHref="/"
      />
    </div>
  );
}

import { parseTimeZone, TIME_ZONE_COOKIE } from "@/lib/view/time-zone";
import { cookies } from "next/headers";
import type { Metadata } from "next";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { FrozenWorkflow } from "@/components/snapshot/frozen-workflow";
import { SnapshotBanner } from "@/components/snapshot/snapshot-banner";
import { DeleteControl } from "@/components/ui/delete-control";
import { loadSnapshot } from "@/lib/evidence/load-snapshot";
import { db } from "@/lib/db/client";
import { shareLinkDestination } from "@/lib/incidents/app-path";
import { NotFoundError } from "@/lib/incidents/errors";
import { getShareLink } from "@/lib/incidents/repository";
import { traceParam } from "@/lib/view/view-model";

// /s/{slug} – a shared link. With a snapshot it renders the frozen evidence (so it works
// after the live data is gone) with a link to the live view; without one it redirects to
// the view with its absolute window. A stored target that is not a path of this app (a row
// from before targets were checked, or written by hand) is neither followed nor linked.
// The open trace is the link's ?trace= (added by whoever pastes it), or else the one the
// shared view had open (its target's ?trace=, moved into the URL by a redirect), as on the
// snapshot page.

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// One read per request: generateMetadata and the page both need it (a snapshot is megabytes
// of JSON), and only fetch() is deduplicated by Next on its own.
const load = cache(async (slug: string) => {
  try {
    const link = await getShareLink(await db(), slug);
    const destination = shareLinkDestination(link);
    if (destination.kind === "refused") {
      console.error(
        `[/s/${slug}] refused to follow share link: stored target ${JSON.stringify(link.targetPath.slice(0, 200))} ${destination.problem}`,
      );
    }
    return {
      destination,
      snapshot: destination.kind === "snapshot" ? await loadSnapshot(destination.snapshotId) : undefined,
    };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const { snapshot } = await load(slug);
  const health = snapshot?.bundle.workflows[0]?.health;
  const title = health ? `${health.workflow.name}: ${health.status}` : "Shared view";
  const description = health?.summary ?? "A shared Asyncscope view";
  return {
    title,
    description,
    openGraph: { title, description },
    twitter: { card: "summary_large_image", title, description },
  };
}

export default async function SharedLinkPage({ params, searchParams }: Props) {
  await connection();
  const { slug } = await params;
  const { destination, snapshot } = await load(slug);
  if (destination.kind === "refused") {
    return (
      <div
        role="alert"
        className="flex flex-col gap-2 rounded-lg border border-status-critical/40 bg-status-critical/10 p-4"
      >
        <h1 className="text-lg font-semibold">This share link cannot be opened</h1>
        <p className="text-sm">
          Its stored target is not a page of this Asyncscope: {destination.problem}. Ask whoever shared it for a new
          link.
        </p>
      </div>
    );
  }
  if (destination.kind === "redirect") redirect(destination.path);
  if (!snapshot) throw new Error(`share link ${slug}: snapshot ${destination.snapshotId} was not loaded`);
  const trace = traceParam((await searchParams).trace);
  // livePath passed shareLinkDestination's checks: an app path, so it parses against any base.
  const sharedTrace = traceParam(new URL(destination.livePath, "http://asyncscope.invalid").searchParams.get("trace"));
  // The trace panel opens what the URL names, so the shared view's open trace goes there.
  if (!trace && sharedTrace) redirect(`/s/${encodeURIComponent(slug)}?trace=${sharedTrace}`);
  return (
    <div className="flex flex-col gap-6">
      <SnapshotBanner
        takenAt={snapshot.takenAt}
        windowFrom={snapshot.windowFrom}
        windowTo={snapshot.windowTo}
        {...(snapshot.bundle.label ? { label: snapshot.bundle.label } : {})}
        zone={parseTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value)}
      />
      <p className="text-sm">
        <a className="underline" href={destination.livePath}>
          Open the live view for the same window
        </a>{" "}
        (needs the sources to still hold that data).
      </p>
      {snapshot.bundle.workflows.map((entry) => (
        <FrozenWorkflow key={entry.config.id} entry={entry} {...(trace ? { trace } : {})} />
      ))}
      <DeleteControl
        url={`/api/share-links/${encodeURIComponent(slug)}`}
        what="this share link"
        consequence="Everyone who has it gets “not found”. Its snapshot goes with it unless an incident or another link still refers to it; an incident it is pinned to records the deletion."
        afterHref="/"
      />
    </div>
  );
}

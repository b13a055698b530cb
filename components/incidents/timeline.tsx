import { safeEventLink } from "@/lib/incidents/event-link";
import { evidenceLink } from "@/lib/incidents/evidence-ref";
import { derivedChange } from "@/lib/incidents/response-times";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { TimedText } from "@/components/ui/timed-text";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

export interface TimelineItem {
  id: string;
  at: Date;
  kind: string;
  author: string | null;
  body: string;
  checkId: string | null;
  snapshotId: string | null;
  /** Where in the snapshot the pinned item is (a panel, a trace, a checklist step), if a pin named one. */
  evidenceRef: string | null;
  /** A link the event came with (an alert's dashboard); rendered only if event-link.ts allows it. */
  link?: string | null;
  /** Derived events: what changed, to which status (the pill). */
  dedupeKey?: string | null;
}

const KIND_STYLE: Record<string, string> = {
  detected: "bg-status-critical/15 text-status-critical",
  status_change: "bg-status-warning/15 text-status-warning",
  note: "bg-sky-500/15 text-sky-700 dark:text-sky-300",
  evidence: "bg-violet-500/15 text-violet-700 dark:text-violet-300",
  alert: "bg-orange-500/15 text-orange-700 dark:text-orange-300",
  deletion: "bg-slate-500/15 text-slate-700 dark:text-slate-300",
};

/** The snapshot's preview image (app/snapshots/[id]/opengraph-image.tsx is 1200 × 630), shown small. */
const THUMBNAIL = { width: 240, height: 126 } as const;

/**
 * A thumbnail of the pinned snapshot: the link-preview card the app already draws for it
 * (workflow, verdict, key numbers, window), so a reader sees what was pinned before opening it.
 * Loaded lazily (a long timeline holds many), with its size set so the row does not jump.
 */
function EvidenceThumbnail({ snapshotId, target }: { snapshotId: string; target: string | undefined }) {
  const link = evidenceLink(snapshotId, null);
  return (
    <a href={link.path} className="mt-2 block w-fit" data-testid="evidence-thumbnail">
      {/* A plain <img>: the PNG is drawn by our own route at its final quality; next/image would
          send it through the image optimiser and add client code for nothing. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img
        src={`${link.path}/opengraph-image`}
        alt={`Pinned snapshot${target ? ` (${target})` : ""}: workflow, verdict, key numbers and window`}
        width={THUMBNAIL.width}
        height={THUMBNAIL.height}
        loading="lazy"
        decoding="async"
        className="rounded border border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900"
      />
    </a>
  );
}

/** The snapshot, opened at the pinned item; a ref that cannot be followed is said, not hidden. */
function EvidenceLink({ snapshotId, evidenceRef }: { snapshotId: string; evidenceRef: string | null }) {
  const link = evidenceLink(snapshotId, evidenceRef);
  return (
    <>
      <a className="text-xs underline" href={link.path}>
        {link.target ? `evidence: ${link.target}` : "evidence"}
      </a>
      {link.problem ? <span className="text-xs text-status-warning">({link.problem})</span> : null}
    </>
  );
}

/**
 * An alert's dashboard: an app path, or an http(s) URL whose host is shown (a link that leaves
 * the app says where it goes). A stored link that fails the rules is said, not linked.
 */
function EventLink({ kind, link }: { kind: string; link: string }) {
  const safe = safeEventLink(link);
  const label = kind === "alert" ? "dashboard" : "link";
  if (!safe)
    return (
      <span className="text-xs text-status-warning">({label} not shown: not a page of this app or an http(s) URL)</span>
    );
  const external = !safe.startsWith("/");
  return (
    <a className="text-xs underline" href={safe} {...(external ? { rel: "noopener noreferrer" } : {})}>
      {external ? `${label} (${new URL(safe).host})` : label}
    </a>
  );
}

/** The incident's story in time order: derived transitions, alerts, and what people wrote. */
export function Timeline({ events, zone }: { events: TimelineItem[]; zone: TimeZoneChoice }) {
  if (events.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No events yet. Check transitions appear here as they are found; add a note below.
      </p>
    );
  }
  return (
    <ol aria-label="Timeline" className="relative space-y-3 border-l border-slate-200 pl-4 dark:border-slate-800">
      {events.map((event) => {
        const change = event.dedupeKey ? derivedChange({ dedupeKey: event.dedupeKey }) : undefined;
        return (
          <li key={event.id} className="text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Time ms={event.at.getTime()} zone={zone} className="font-mono text-xs text-muted" />
              {/* The status the check went to, in words (the body says what it was before). */}
              {change ? <StatusBadge status={change.to} /> : null}
              <span className={`rounded px-1.5 py-0.5 text-xs ${KIND_STYLE[event.kind] ?? ""}`}>
                {event.kind.replace("_", " ")}
              </span>
              <span className="text-xs text-muted">{event.author ?? "anonymous"}</span>
              {event.snapshotId ? <EvidenceLink snapshotId={event.snapshotId} evidenceRef={event.evidenceRef} /> : null}
              {event.link ? <EventLink kind={event.kind} link={event.link} /> : null}
            </div>
            <p className="mt-1 whitespace-pre-wrap">
              <TimedText text={event.body} zone={zone} />
            </p>
            {event.snapshotId ? (
              <EvidenceThumbnail
                snapshotId={event.snapshotId}
                target={evidenceLink(event.snapshotId, event.evidenceRef).target}
              />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

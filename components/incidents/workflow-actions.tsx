"use client";

import { useState } from "react";
import type { ChecklistStep } from "@/lib/analysis/types";
import { pinChoices, WHOLE_VIEW, type PinChoice } from "@/lib/incidents/pin-choices";
import { traceParam } from "@/lib/view/view-model";
import { getJson, sendJson } from "./api-client";
import { authorField, useRememberedAuthor } from "./remembered-author";

interface Props {
  workflowId: string;
  /** The view's absolute window (RFC 3339), as "Copy link" would carry it. */
  from: string;
  to: string;
  /** Open incidents that evidence can be added to: the first page of them. */
  openIncidents: Array<{ id: string; title: string }>;
  /** The cursor of the next page of open incidents (GET /api/incidents), null when all are listed. */
  moreOpenIncidents: string | null;
  /** Why open incidents could not be listed (the database failed), shown instead of hiding the action. */
  incidentsProblem?: string;
  /** The checklist on screen: each step can be pinned on its own. */
  checklist: ReadonlyArray<Pick<ChecklistStep, "id" | "title">>;
  /** The trace open on the page (?trace=), which can be pinned on its own. */
  openTrace?: string | undefined;
}

const GROUPS: Array<{ group: PinChoice["group"]; label: string }> = [
  { group: "charts", label: "Charts" },
  { group: "checklist", label: "Checklist steps" },
  { group: "trace", label: "Trace" },
];

/**
 * What an on-call engineer does with what they see: share it (a short link with the evidence
 * frozen), start an incident from it, or pin it to one that is open: the whole view, or one
 * chart, checklist step or the open trace in it, which the incident's timeline links to.
 */
export function WorkflowActions({
  workflowId,
  from,
  to,
  openIncidents: firstOpenIncidents,
  moreOpenIncidents,
  incidentsProblem,
  checklist,
  openTrace,
}: Props) {
  // Every open incident is reachable: further pages are loaded on request, in the list's order.
  const [openIncidents, setOpenIncidents] = useState(firstOpenIncidents);
  const [nextCursor, setNextCursor] = useState(moreOpenIncidents);
  const [message, setMessage] = useState<{ text: string; url?: string; error?: boolean }>();
  const [busy, setBusy] = useState(false);
  // What is under way, said in the status line while it runs (freezing evidence takes seconds).
  const [progress, setProgress] = useState<string>();
  const [incidentId, setIncidentId] = useState(openIncidents[0]?.id ?? "");
  const [what, setWhat] = useState(WHOLE_VIEW);
  // Pins and share links are signed with the name this browser remembers (remembered-author.ts).
  const author = useRememberedAuthor();
  const choices = pinChoices({ workflowId, from, to, checklist, openTrace });
  // A choice can leave the page (the open trace is closed): the select then shows, and the
  // pin sends, the whole view, never an item that is not on screen.
  const chosen = choices.find((choice) => choice.value === what) ?? choices[0]!;

  const run = async (doing: string, work: () => Promise<{ text: string; url?: string }>) => {
    setBusy(true);
    setMessage(undefined);
    setProgress(doing);
    try {
      setMessage(await work());
    } catch (failure) {
      setMessage({ text: failure instanceof Error ? failure.message : String(failure), error: true });
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  const share = () =>
    run("Creating the share link: freezing the evidence on screen…", async () => {
      // The address bar, not the router's search params: a trace opened a moment ago is in the
      // URL at once (history.replaceState), while the router learns of it in a later transition.
      const traceNow = traceParam(new URLSearchParams(window.location.search).get("trace"));
      const link = await sendJson<{ url: string }>("POST", "/api/share-links", {
        workflowId,
        from,
        to,
        snapshot: true,
        ...authorField(author),
        // The open trace goes with the link: the shared page opens it too.
        ...(traceNow
          ? {
              targetPath: `/workflows/${encodeURIComponent(workflowId)}?${new URLSearchParams({ from, to, trace: traceNow }).toString().replace(/%3A/gi, ":")}`,
            }
          : {}),
      });
      // The server answers a path when it has no trusted public address (lib/api/link-base.ts):
      // the address this page was loaded from is the one the person uses.
      const url = new URL(link.url, window.location.href).href;
      try {
        await navigator.clipboard.writeText(url);
        return { text: "Share link copied (evidence frozen now, so it renders the same later):", url };
      } catch (error) {
        // Clipboard refused (insecure origin or permissions): the link is still shown to copy by hand.
        return {
          text: `Share link created; copy it by hand (clipboard: ${error instanceof Error ? error.message : String(error)}):`,
          url,
        };
      }
    });

  const loadMore = () =>
    run("Loading more open incidents…", async () => {
      if (!nextCursor) return { text: "Every open incident is listed." };
      const page = await getJson<{ items: Array<{ id: string; title: string }>; nextCursor: string | null }>(
        `/api/incidents?${new URLSearchParams({ status: "open", cursor: nextCursor }).toString()}`,
      );
      setOpenIncidents((listed) => [
        ...listed,
        ...page.items
          .filter((item) => !listed.some((known) => known.id === item.id))
          .map(({ id, title }) => ({ id, title })),
      ]);
      setNextCursor(page.nextCursor);
      return { text: `${page.items.length} more open incident(s) listed${page.nextCursor ? "; there are more" : ""}.` };
    });

  const pin = () =>
    run("Pinning to the incident…", async () => {
      const incident = openIncidents.find((candidate) => candidate.id === incidentId);
      const pinned = await sendJson<{ problems?: string[] }>("POST", `/api/incidents/${incidentId}/pins`, {
        workflowId,
        from,
        to,
        item: chosen.item,
        ...authorField(author),
      });
      const problems = pinned.problems?.length ? ` Note: ${pinned.problems.join("; ")}.` : "";
      // "Pinned to the incident" leads: tests/e2e/demo-incident.spec.ts waits for it.
      return {
        text: `Pinned to the incident “${incident?.title ?? incidentId}”: ${chosen.description}.${problems} Open it:`,
        url: `/incidents/${incidentId}`,
      };
    });

  return (
    <div className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        {/* The primary way to share: a link that outlives the sources' retention (its snapshot has its own, ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS). "Copy link" (the toolbar) is the live URL. */}
        <button
          type="button"
          disabled={busy}
          aria-describedby="share-link-what"
          onClick={share}
          className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
        >
          Share link
        </button>
        <span id="share-link-what" className="text-xs text-muted">
          {/* Snapshot retention (ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS) removes unpinned ones: say so. */}
          Freezes what is on screen: the link shows the same evidence after metrics and traces expire, for the snapshot
          retention period (30 days by default; for good once pinned to an incident).
        </span>
        <a
          href={`/incidents?workflow=${encodeURIComponent(workflowId)}&startedAt=${encodeURIComponent(from)}`}
          className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Start incident
        </a>
        {openIncidents.length > 0 ? (
          <>
            <label htmlFor="pin-what">What to pin</label>
            <select
              id="pin-what"
              value={chosen.value}
              onChange={(event) => setWhat(event.target.value)}
              className="max-w-56 rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
            >
              {choices
                .filter((choice) => choice.group === "view")
                .map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.text}
                  </option>
                ))}
              {GROUPS.map(({ group, label }) => {
                const inGroup = choices.filter((choice) => choice.group === group);
                return inGroup.length > 0 ? (
                  <optgroup key={group} label={label}>
                    {inGroup.map((choice) => (
                      <option key={choice.value} value={choice.value}>
                        {choice.text}
                      </option>
                    ))}
                  </optgroup>
                ) : null;
              })}
            </select>
            <label className="sr-only" htmlFor="pin-incident">
              Incident to add this view to
            </label>
            <select
              id="pin-incident"
              value={incidentId}
              onChange={(event) => setIncidentId(event.target.value)}
              className="max-w-56 rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
            >
              {openIncidents.map((incident) => (
                <option key={incident.id} value={incident.id}>
                  {incident.title}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={busy || !incidentId}
              onClick={pin}
              className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Add to incident
            </button>
            {nextCursor ? (
              <button
                type="button"
                disabled={busy}
                onClick={loadMore}
                className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                More open incidents
              </button>
            ) : null}
          </>
        ) : null}
        {incidentsProblem ? (
          <span className="text-status-critical">Add to incident is unavailable: {incidentsProblem}</span>
        ) : null}
      </div>
      <p
        role="status"
        aria-live="polite"
        className={message?.error ? "text-status-critical" : "text-slate-600 dark:text-slate-400"}
      >
        {progress ? (
          <span className="inline-flex items-center gap-2">
            <span
              aria-hidden="true"
              className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent motion-reduce:animate-none"
            />
            {progress}
          </span>
        ) : message ? (
          <>
            {message.text}{" "}
            {message.url ? (
              <a className="break-all underline" href={message.url}>
                {message.url}
              </a>
            ) : null}
          </>
        ) : null}
      </p>
    </div>
  );
}

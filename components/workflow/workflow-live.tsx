"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { Time } from "@/components/ui/time";
import { WorkflowActions } from "@/components/incidents/workflow-actions";
import type { OpenIncidentChoices } from "@/lib/incidents/open-choices";
import { ViewToolbar } from "@/components/view/view-toolbar";
import { WorkflowHeadline } from "@/components/workflow/workflow-headline";
import { NumberRow } from "@/components/workflow/number-row";
import { FlowStrip } from "@/components/workflow/flow-strip";
import { traceParam, type WorkflowViewModel } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { WorkflowPanels } from "./workflow-panels";
import { msUntilNextPoll, pollOffsetMs, REFRESH_SECONDS } from "@/lib/view/refresh-grid";
import { fetchApiJson } from "@/lib/view/fetch-api-json";

/** Refreshes that must fail in a row before the page stops presenting its data as current. */
export const FAILURES_BEFORE_STALE = 2;

/** A failed refresh, with how many have failed in a row (a good one resets the count). */
class RefreshError extends Error {
  constructor(
    message: string,
    readonly inARow: number,
  ) {
    super(message);
    this.name = "RefreshError";
  }
}

function fetchView(id: string, params: Record<string, string>, signal: AbortSignal): Promise<WorkflowViewModel> {
  // `at`: the moment this poll is for, so that a poll the server answers seconds late still shares
  // its period's evaluation (lib/view/poll-moment.ts). Not in the query key: it changes each poll.
  const query = new URLSearchParams({ ...params, at: String(Date.now()) });
  return fetchApiJson<WorkflowViewModel>(`/api/workflows/${encodeURIComponent(id)}/view?${query.toString()}`, signal);
}

interface Props {
  initial: WorkflowViewModel;
  /** The window's URL parameters as parsed on the server (rangeParams): the query key, with the open trace. */
  params: Record<string, string>;
  zone: TimeZoneChoice;
  /** An absolute window wholly in the past, or a recording: nothing new will arrive, so no polling. */
  fixed: boolean;
  /** A replayed recording rather than live sources (the refresh bar says so). */
  recorded?: boolean;
  /** Open incidents to pin this view to, or why they cannot be listed. */
  incidents: OpenIncidentChoices;
}

/**
 * The workflow page after the server's first render: TanStack Query refreshes the view from
 * the JSON API at a fixed interval (shown, pausable). The last good data stays on screen
 * during a refresh and after a failed one, so nothing jumps.
 */
export function WorkflowLive({ initial, params: windowParams, zone, fixed, recorded = false, incidents }: Props) {
  const [paused, setPaused] = useState(false);
  // This viewer's place on the refresh grid, drawn once: TanStack Query recomputes the interval on
  // every render and update, and a new draw each time could poll twice in a period, or skip one.
  const [pollOffset] = useState(() => pollOffsetMs());
  // Opening a trace changes only the URL (no server render); the API keeps that trace listed.
  const trace = traceParam(useSearchParams().get("trace"));
  const { trace: _fromServer, ...range } = windowParams;
  const params = trace ? { ...range, trace } : range;
  // Failed refreshes in a row, of this window: a new window (or trace) starts counting afresh.
  const failedInARow = useRef({ key: "", count: 0 });
  const query = useQuery({
    queryKey: ["workflow-view", initial.workflow.id, params],
    queryFn: async ({ signal, queryKey }) => {
      const key = JSON.stringify(queryKey);
      if (failedInARow.current.key !== key) failedInARow.current = { key, count: 0 };
      try {
        const fresh = await fetchView(initial.workflow.id, params, signal);
        failedInARow.current.count = 0;
        return fresh;
      } catch (error) {
        // A refresh abandoned for a newer one (the window or trace changed) did not fail.
        if (signal.aborted) throw error;
        failedInARow.current.count += 1;
        throw new RefreshError(error instanceof Error ? error.message : String(error), failedInARow.current.count);
      }
    },
    initialData: initial,
    initialDataUpdatedAt: initial.generatedAtMs,
    // A first render may show an evaluation up to one period old (lib/evaluate/reuse.ts): it is
    // refreshed at the next grid instant (msUntilNextPoll), not at once off the grid, where each
    // such viewer would cost an evaluation of its own.
    refetchOnMount: false,
    // A recording or a window wholly in the past will not change: the server's render is not
    // fetched again on mount (its generatedAtMs may be hours old). "Refresh now" still asks.
    ...(fixed ? { staleTime: Infinity } : {}),
    // On the shared wall-clock grid, 1–3.5 s past each 15-s boundary, so viewers share evaluations.
    refetchInterval:
      paused || fixed
        ? false
        : (current) =>
            msUntilNextPoll(Date.now(), REFRESH_SECONDS * 1000, pollOffset, current.state.data?.generatedAtMs),
    refetchIntervalInBackground: false,
    // The server already retries each upstream; a failed refresh is counted, and the next one
    // comes with the interval.
    retry: false,
  });
  const view = query.data;
  // After FAILURES_BEFORE_STALE failed refreshes in a row the data on screen is no longer "now".
  const stale =
    query.isError && query.error instanceof RefreshError && query.error.inARow >= FAILURES_BEFORE_STALE
      ? { asOfMs: view.generatedAtMs, reason: query.error.message, zone }
      : undefined;
  return (
    <div className="flex flex-col gap-4">
      <WorkflowHeadline health={view.health} zone={zone} stale={Boolean(stale)} />
      <NumberRow numbers={view.numbers} zone={zone} stale={Boolean(stale)} />
      <FlowStrip flow={view.flow} />
      {/* The window on screen after each refresh, so "Copy link" copies what is shown. */}
      <ViewToolbar
        shown={view.window}
        {...(windowParams.range ? { relative: windowParams.range } : {})}
        zone={zone}
        {...(recorded ? { recording: view.window } : {})}
      />
      <div
        className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded border border-slate-200 px-3 py-2 text-xs dark:border-slate-800"
        data-testid="refresh-bar"
      >
        <span>
          Window <Time ms={view.window.fromMs} zone={zone} /> – <Time ms={view.window.toMs} zone={zone} />
        </span>
        <span aria-live="polite">
          {recorded
            ? "Recording: not refreshing."
            : fixed
              ? "Fixed window in the past: not refreshing."
              : paused
                ? "Auto-refresh paused."
                : `Auto-refresh every ${REFRESH_SECONDS} s.`}{" "}
          Data from <Time ms={view.generatedAtMs} zone={zone} testId="data-from" />
          {query.isFetching ? " · refreshing…" : ""}
        </span>
        {!fixed ? (
          <button
            type="button"
            onClick={() => setPaused((p) => !p)}
            aria-pressed={paused}
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {paused ? "Resume" : "Pause"}
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => void query.refetch()}
          className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Refresh now
        </button>
        {query.isError && !stale ? (
          <span role="status" className="basis-full text-status-critical">
            Refresh failed ({query.error.message}); showing the data from <Time ms={view.generatedAtMs} zone={zone} />.
            Trying again in {REFRESH_SECONDS} s.
          </span>
        ) : null}
      </div>
      {/* Shares and pins what is on screen now: the window of the latest refresh. */}
      <WorkflowActions
        workflowId={view.workflow.id}
        from={new Date(view.window.fromMs).toISOString()}
        to={new Date(view.window.toMs).toISOString()}
        openIncidents={incidents.ok ? incidents.choices : []}
        moreOpenIncidents={incidents.ok ? incidents.nextCursor : null}
        {...(incidents.ok ? {} : { incidentsProblem: incidents.problem })}
        checklist={view.health.checklist}
        openTrace={trace}
      />
      <WorkflowPanels view={view} zone={zone} live={!recorded} {...(stale ? { stale } : {})} />
    </div>
  );
}

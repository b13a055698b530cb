"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { LogLine } from "@/lib/domain/log";
import {
  FETCH_LINE_LIMIT,
  isFullTraceId,
  joinLinesToSpans,
  mergeLines,
  traceIdsToFetch,
  traceLogWindow,
} from "@/lib/view/trace-logs";
import type { ExpectedSpan, TraceListItem } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { TraceLogLines, type LinesState } from "./trace-log-lines";
import { spanRowId, Waterfall } from "./waterfall";
import { fetchApiJson } from "@/lib/view/fetch-api-json";

/** What GET /api/workflows/{id}/traces/{traceId}/logs answers. */
interface FetchedLines {
  traceId: string;
  lookedUp: boolean;
  lines: LogLine[];
  truncated: boolean;
  limit: number;
}

function fetchTraceLines(
  workflowId: string,
  traceId: string,
  window: { fromMs: number; toMs: number },
  signal: AbortSignal,
): Promise<FetchedLines> {
  const params = new URLSearchParams({
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
  });
  return fetchApiJson<FetchedLines>(
    `/api/workflows/${encodeURIComponent(workflowId)}/traces/${traceId}/logs?${params.toString()}`,
    signal,
  );
}

interface Props {
  item: TraceListItem;
  workflowId: string;
  /** The live page: lines the evaluation did not read are fetched. A snapshot shows only its frozen lines. */
  live: boolean;
  /** The page's window, for a trace with no span in the sample. */
  window: { fromMs: number; toMs: number };
  zone: TimeZoneChoice;
  /** The workflow's expected spans: the ones this trace lacks are drawn as placeholder rows. */
  expected: readonly ExpectedSpan[];
  jaegerUrlFor?: (traceId: string, spanId?: string) => string | undefined;
}

/** Each trace id's lines, or why they could not be fetched: one id failing does not hide the others. */
type FetchOutcome = { traceId: string; fetched: FetchedLines } | { traceId: string; error: string };

async function fetchAllTraceLines(
  workflowId: string,
  traceIds: readonly string[],
  window: { fromMs: number; toMs: number },
  signal: AbortSignal,
): Promise<FetchOutcome[]> {
  const settled = await Promise.allSettled(traceIds.map((id) => fetchTraceLines(workflowId, id, window, signal)));
  return settled.map((result, i) =>
    result.status === "fulfilled"
      ? { traceId: traceIds[i]!, fetched: result.value }
      : {
          traceId: traceIds[i]!,
          error: result.reason instanceof Error ? result.reason.message : String(result.reason),
        },
  );
}

/** The open trace: its spans, and beside them the lines its services wrote, linked both ways by span id. */
export function OpenTrace({ item, workflowId, live, window, zone, expected, jaegerUrlFor }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const logs = item.logs;
  const missing = traceIdsToFetch(logs, item.spans, item.traceId);
  const fetchable = live ? missing.filter(isFullTraceId) : [];
  const searchWindow = traceLogWindow(item.spans, window);
  // One query for every trace id the sample lacks lines of (usually one: the open trace).
  const query = useQuery({
    queryKey: ["trace-logs", workflowId, fetchable, searchWindow.fromMs, searchWindow.toMs],
    queryFn: ({ signal }) => fetchAllTraceLines(workflowId, fetchable, searchWindow, signal),
    enabled: fetchable.length > 0,
    // A trace's lines do not change once written; refetching each refresh would only cost the
    // store. An answer with a failed id is stale at once: reopening the trace asks again.
    staleTime: (q) => (q.state.data?.some((o) => "error" in o) ? 0 : 5 * 60_000),
    retry: false,
    // Not the app's "keep the previous data": another trace's lines (or errors) must not stand
    // in for this one's while they load.
    placeholderData: undefined,
  });
  // Nothing to fetch (a snapshot, or every line already read): no outcome is this trace's.
  const outcomes = fetchable.length > 0 ? (query.data ?? []) : [];
  const fetched = outcomes.flatMap((o) => ("fetched" in o ? [o.fetched] : []));
  // A few hundred lines at most: joined afresh each render, no memo to keep in step.
  const lines = mergeLines(logs.kind === "lines" ? logs.lines : [], ...fetched.map((f) => f.lines));
  const join = joinLinesToSpans(lines, item.spans);
  const lineCounts = new Map([...join.bySpan].map(([spanId, keys]) => [spanId, keys.length]));
  const showSpan = useCallback((spanId: string) => {
    setSelected(spanId);
    const row = document.getElementById(spanRowId(spanId));
    row?.scrollIntoView({ block: "center", behavior: "smooth" });
    // Keyboard users land on the span's own control, so the way back is one Tab away.
    row?.querySelector<HTMLElement>("button")?.focus({ preventScroll: true });
  }, []);

  const state: LinesState =
    logs.kind === "none"
      ? { kind: "none", why: logs.why, reason: logs.reason }
      : {
          kind: "lines",
          truncated: logs.truncated || fetched.some((f) => f.truncated),
          loading: fetchable.length > 0 && query.isPending,
          errors: [
            ...outcomes.flatMap((o) => ("error" in o ? [{ traceId: o.traceId, message: o.error }] : [])),
            // Each id's failure is an outcome above; this is a safety net should the query itself
            // fail (it has no other way to), so no failure goes unsaid.
            ...(query.error ? fetchable.map((traceId) => ({ traceId, message: query.error.message })) : []),
          ],
          notLookedUp: live
            ? [
                ...missing.filter((id) => !isFullTraceId(id)),
                ...fetched.filter((f) => !f.lookedUp).map((f) => f.traceId),
              ]
            : missing,
          frozen: !live,
        };

  return (
    <div className="grid gap-3 2xl:grid-cols-2">
      <div className="min-w-0">
        <Waterfall
          spans={item.spans}
          expected={expected}
          missing={item.missing}
          jaegerUrlFor={jaegerUrlFor}
          {...(logs.kind === "lines" ? { selectedSpanId: selected, onSelectSpan: setSelected, lineCounts } : {})}
        />
        {item.spansTruncated ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Only the first spans are drawn; the rest are in Jaeger.
          </p>
        ) : null}
      </div>
      <TraceLogLines
        traceId={item.traceId}
        rows={join.rows}
        state={state}
        zone={zone}
        selectedSpanId={selected}
        onShowSpan={showSpan}
        onClear={() => setSelected(null)}
        fetchLimit={FETCH_LINE_LIMIT}
      />
    </div>
  );
}

"use client";
// "Config drift" on a workflow page: what discovery sees that the config does not say (a new
// consumer, a new span after a consumer, a destination no trace reaches). Information, not an
// alarm: no status colour, no effect on the verdict. Fetched after the page is drawn
// (GET /api/workflows/{id}/drift), so reading the traces for it never delays the verdict.
import { useQuery } from "@tanstack/react-query";
import type { WorkflowDrift } from "@/lib/discovery/workflow-drift";
import { fetchApiJson } from "@/lib/view/fetch-api-json";

/** What the note shows: the answer, or where it stands. */
export type DriftState =
  { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; drift: WorkflowDrift };

function fetchDrift(workflowId: string, signal: AbortSignal): Promise<WorkflowDrift> {
  return fetchApiJson<WorkflowDrift>(`/api/workflows/${encodeURIComponent(workflowId)}/drift`, signal);
}

const QUIET = "text-sm text-muted";

function Gaps({ gaps }: { gaps: string[] }) {
  if (gaps.length === 0) return null;
  return (
    <ul aria-label="Not read for drift" className={`list-disc pl-5 ${QUIET}`}>
      {gaps.map((gap) => (
        <li key={gap}>{gap}</li>
      ))}
    </ul>
  );
}

/** The note itself, from a state (rendered on its own in tests). */
export function DriftNote({ state }: { state: DriftState }) {
  if (state.kind === "loading") {
    return (
      <p role="status" className={QUIET}>
        Config drift: comparing the config with what the traces and the broker show…
      </p>
    );
  }
  if (state.kind === "error") {
    return (
      <p role="status" className={QUIET}>
        Config drift could not be read: {state.message}
      </p>
    );
  }
  const { drift } = state;
  if (drift.notJudged) {
    return (
      <div role="status" className="flex flex-col gap-1">
        <p className={QUIET}>
          Config drift not judged from {drift.from}: {drift.notJudged}.
        </p>
        <Gaps gaps={drift.gaps} />
      </div>
    );
  }
  if (drift.items.length === 0) {
    return (
      <div role="status" className="flex flex-col gap-1">
        <p className={QUIET}>
          No config drift: the config matches {drift.compared} ({drift.from}).
        </p>
        <Gaps gaps={drift.gaps} />
      </div>
    );
  }
  return (
    <section
      aria-labelledby="config-drift-title"
      className="flex flex-col gap-2 rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800"
    >
      <h2 id="config-drift-title" className="font-medium">
        Config drift
      </h2>
      <p className="text-muted">
        Information, not an alarm: what discovery sees in {drift.compared} ({drift.from}) that the config does not say.
        The checks and the verdict are unchanged; update the config if the system changed on purpose.
      </p>
      <ul className="flex flex-col gap-2">
        {drift.items.map((item) => (
          <li key={`${item.kind} ${item.subject} ${item.text}`}>
            <p>{item.text}</p>
            <p className="text-muted">{item.evidence.join("; ")}</p>
          </li>
        ))}
      </ul>
      <Gaps gaps={drift.gaps} />
    </section>
  );
}

export function ConfigDrift({ workflowId }: { workflowId: string }) {
  const query = useQuery({
    queryKey: ["config-drift", workflowId],
    queryFn: ({ signal }) => fetchDrift(workflowId, signal),
    // Drift moves over hours, not seconds: read once a page view, again after five minutes.
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
  const state: DriftState = query.isError
    ? { kind: "error", message: query.error.message }
    : query.data
      ? { kind: "ready", drift: query.data }
      : { kind: "loading" };
  return <DriftNote state={state} />;
}

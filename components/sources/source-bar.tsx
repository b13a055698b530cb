import Link from "next/link";
import type { SourceStatus } from "@/lib/domain/source";
import { StatusBadge, type DisplayStatus } from "@/components/ui/status-badge";

const AS_DISPLAY: Record<SourceStatus["status"], DisplayStatus> = {
  ok: "ok",
  degraded: "warning",
  down: "critical",
  unconfigured: "unknown",
};

/**
 * One line per source: can we see the system at all? Shown above every verdict. `liveWorkflows`
 * counts the workflows read from live sources (the others replay recordings and need none).
 */
export function SourceBar({ sources, liveWorkflows }: { sources: SourceStatus[]; liveWorkflows: number }) {
  const unreachable = sources.filter((source) => source.status !== "ok");
  return (
    <section aria-label="Data sources" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      {liveWorkflows === 0 ? (
        <p className="mb-3 text-sm font-medium">
          Every workflow here replays a recording (<span className="font-mono">replay:</span> in the config): no live
          source is needed, and none is contacted.
        </p>
      ) : unreachable.length === sources.length ? (
        <p role="alert" className="mb-3 text-sm font-medium text-status-critical">
          No data source is reachable: every check below is unknown until one is. See{" "}
          <Link href="/sources" className="underline">
            Sources
          </Link>
          .
        </p>
      ) : null}
      <ul className="flex flex-col gap-2 text-sm sm:flex-row sm:flex-wrap sm:gap-6">
        {sources.map((source) => (
          <li key={source.name} className="flex flex-wrap items-center gap-2">
            <StatusBadge status={AS_DISPLAY[source.status]} label={source.status} />
            <span className="font-medium">{source.displayName ?? source.name}</span>
            {/* A message may hold a file path or URL with no space: it wraps anywhere on a phone. */}
            <span className="min-w-0 [overflow-wrap:anywhere] text-slate-600 dark:text-slate-400">
              {source.message}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

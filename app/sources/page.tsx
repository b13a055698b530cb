import type { Metadata } from "next";
import { connection } from "next/server";
import { StatusBadge, type DisplayStatus } from "@/components/ui/status-badge";
import type { SourceStatus } from "@/lib/domain/source";
import { sourceStatuses } from "@/lib/sources/registry";

export const metadata: Metadata = { title: "Sources" };

const AS_DISPLAY: Record<SourceStatus["status"], DisplayStatus> = {
  ok: "ok",
  degraded: "warning",
  down: "critical",
  unconfigured: "unknown",
};

/** /sources – can Asyncscope see the systems it reports on? One card per source, probed now. */
export default async function SourcesPage() {
  await connection(); // probe per request, never at build time
  const statuses = await sourceStatuses();
  const now = Date.now();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sources</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Each data source from the config, checked when this page loaded. A check that needs a source that is down is
          shown as unknown, never as ok.
        </p>
      </div>
      <ul className="grid gap-4 md:grid-cols-3">
        {statuses.map((source) => (
          <li
            key={source.name}
            className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
          >
            <div className="flex items-center justify-between gap-2">
              <h2 className="font-semibold">{source.displayName ?? source.name}</h2>
              <StatusBadge status={AS_DISPLAY[source.status]} label={source.status} />
            </div>
            <p className="text-sm" role={source.status === "down" ? "alert" : undefined}>
              {source.message}
            </p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
              {source.url ? (
                <>
                  <dt>URL</dt>
                  <dd className="break-all font-mono">{source.url}</dd>
                </>
              ) : null}
              <dt>Latency</dt>
              <dd>{source.latencyMs !== undefined ? `${source.latencyMs} ms` : "—"}</dd>
              <dt>Version</dt>
              <dd>{source.version ?? "—"}</dd>
              <dt>Last error</dt>
              <dd>
                {source.lastError ? (
                  <span>
                    <span className="font-mono">{source.lastError.kind}</span> {formatAgo(now - source.lastError.atMs)}:{" "}
                    {source.lastError.message}
                  </span>
                ) : (
                  "none since the app started"
                )}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      <p className="text-xs text-muted">
        Upstream request counts, errors and durations per source:{" "}
        <a className="underline" href="/api/metrics">
          /api/metrics
        </a>{" "}
        (Prometheus text format).
      </p>
    </div>
  );
}

function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

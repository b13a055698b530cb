import type { Check, WorkflowHealth } from "@/lib/analysis/types";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { TimedText } from "@/components/ui/timed-text";
import { TruncatedTimedText } from "@/components/ui/truncated-timed-text";
import { VERDICT_WORDS } from "@/lib/view/headline";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

/** The live page could not refresh: what is on screen is as of then, not now. */
export interface Staleness {
  asOfMs: number;
  reason: string;
  zone: TimeZoneChoice;
}

const RANK = { critical: 0, warning: 1, unknown: 2, ok: 3 } as const;

const BORDER: Record<WorkflowHealth["status"], string> = {
  critical: "border-status-critical/60 bg-status-critical/10",
  warning: "border-status-warning/60 bg-status-warning/10",
  unknown: "border-status-unknown/60 bg-status-unknown/10",
  ok: "border-status-ok/60 bg-status-ok/10",
};

/** The check's panel on this page, so a finding links to its proof. */
export const CHECK_PANEL: Record<Check["id"], string> = {
  "consumers-alive": "panel-consumers",
  "acks-progressing": "panel-throughput",
  "throughput-balance": "panel-throughput",
  backlog: "panel-depth",
  "oldest-message-age": "panel-age",
  "dead-letters": "panel-dlq",
  redeliveries: "panel-throughput",
  "unexpected-consumers": "panel-consumer-list",
  "trace-completeness": "panel-traces",
  "orphan-publishes": "panel-trace-list",
  "silent-drops": "panel-trace-list",
  "clock-skew": "panel-trace-list",
  "log-findings": "panel-logs",
};

/**
 * The verdict and, in plain words, every check that is failing or cannot be judged. When the
 * live page's refreshes keep failing (`stale`), an "ok" from old data is not shown as ok: the
 * box says since when nothing new has been seen, and why.
 */
export function VerdictHeader({
  health,
  zone,
  stale,
}: {
  health: WorkflowHealth;
  /** The viewer's zone: check sentences carry their times as instants, shown in it. */
  zone: TimeZoneChoice;
  stale?: Staleness;
}) {
  const shown = stale && health.status === "ok" ? "unknown" : health.status;
  const failing = health.checks
    .filter((c) => c.status === "critical" || c.status === "warning")
    .sort((a, b) => RANK[a.status] - RANK[b.status]);
  const unknown = health.checks.filter((c) => c.status === "unknown");
  const ok = health.checks.filter((c) => c.status === "ok");
  return (
    <section
      aria-labelledby="verdict-title"
      className={`rounded-lg border p-4 ${BORDER[shown]}`}
      data-testid="verdict"
      data-stale={stale ? "true" : undefined}
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="verdict-title" className="text-lg font-semibold">
          Verdict: <span data-testid="verdict-status">{shown}</span>
        </h2>
        <StatusBadge
          status={shown}
          label={stale && health.status === "ok" ? "Cannot tell now: refresh failing" : VERDICT_WORDS[health.status]}
        />
      </div>
      {stale ? (
        <p role="alert" data-testid="verdict-stale" className="mt-2 text-sm font-medium">
          As of <Time ms={stale.asOfMs} zone={stale.zone} /> — refresh failing: {stale.reason}
          {health.status === "ok"
            ? ". The last verdict was ok; it is not shown as ok while nothing new can be read."
            : ""}
        </p>
      ) : null}
      {failing.length === 0 ? (
        <p className="mt-1 text-sm">
          <TimedText text={health.summary} zone={zone} />
        </p>
      ) : null}
      {failing.length > 0 ? (
        <ul className="mt-3 space-y-2 text-sm" aria-label="Failing checks">
          {failing.map((c) => (
            <li key={c.id} id={`check-${c.id}`} data-check={c.id} className="flex gap-2">
              <StatusBadge status={c.status} />
              <span>
                <a
                  href={`#${CHECK_PANEL[c.id]}`}
                  className="font-medium underline decoration-dotted underline-offset-2"
                >
                  {c.title}
                </a>{" "}
                <span className="font-mono text-xs text-muted">({c.id})</span>:{" "}
                <TimedText text={c.summary} zone={zone} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {unknown.length > 0 ? (
        <details className="mt-3 text-sm" open={failing.length === 0}>
          <summary className="cursor-pointer font-medium">
            {unknown.length} check{unknown.length === 1 ? "" : "s"} cannot be judged
          </summary>
          <ul className="mt-2 space-y-1" aria-label="Unknown checks">
            {unknown.map((c) => (
              <li key={c.id} id={`check-${c.id}`} data-check={c.id}>
                <span className="font-medium">{c.title}</span>{" "}
                <span className="font-mono text-xs text-muted">
                  ({c.id}
                  {c.matters ? "" : ", does not affect the verdict"})
                </span>
                : <TimedText text={c.reason ?? c.summary} zone={zone} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {ok.length > 0 ? (
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">OK: {ok.map((c) => c.title).join(", ")}.</p>
      ) : null}
      <ul className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs" aria-label="Sources for this evaluation">
        {health.sources.map((s) => (
          <li key={s.name} className="flex items-center gap-1">
            <StatusBadge
              status={
                s.status === "ok"
                  ? "ok"
                  : s.status === "degraded"
                    ? "warning"
                    : s.status === "down"
                      ? "critical"
                      : "unknown"
              }
              label={s.status}
            />
            <span className="font-medium">{s.displayName ?? s.name}</span>
            <TruncatedTimedText text={s.message} zone={zone} className="max-w-md text-slate-600 dark:text-slate-400" />
          </li>
        ))}
      </ul>
    </section>
  );
}

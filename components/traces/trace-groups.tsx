"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import type { TraceGroup } from "@/lib/view/trace-groups";
import type { TraceListItem } from "@/lib/view/view-model";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

const BADGE = {
  incomplete: { status: "critical", label: "incomplete" },
  finding: { status: "warning", label: "finding" },
  complete: { status: "ok", label: "complete" },
} as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

interface Props {
  groups: TraceGroup[];
  items: ReadonlyMap<string, TraceListItem>;
  zone: TimeZoneChoice;
  openId: string | null;
  onToggle: (traceId: string) => void;
  /** Whether the open trace was opened by a click here (not by a pasted link at load). */
  openedHere: boolean;
  /** The open trace's view, drawn in place right under its row. */
  renderOpen: (item: TraceListItem) => ReactNode;
}

/**
 * Traces that went wrong the same way as one row each, with their count and span of time; a
 * group unfolds to its newest members, and a member opens its waterfall right under itself.
 * The worst group starts unfolded (its examples are the first thing to look at), and so does
 * the group of a trace the URL opens.
 */
export function TraceGroups({ groups, items, zone, openId, onToggle, openedHere, renderOpen }: Props) {
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(() => new Set(groups[0] ? [groups[0].key] : []));
  const openGroup = groups.find((g) => openId !== null && g.examples.includes(openId));
  const isUnfolded = (g: TraceGroup) => unfolded.has(g.key) || g === openGroup;
  const toggle = (g: TraceGroup) => {
    const next = new Set(unfolded);
    if (isUnfolded(g)) next.delete(g.key);
    else next.add(g.key);
    // Folding the open trace's group closes the trace, or the group would stay open for it.
    if (g === openGroup && openId) onToggle(openId);
    setUnfolded(next);
  };
  return (
    <ul className="space-y-2" aria-label="Trace patterns">
      {groups.map((g) => {
        const badge = BADGE[g.status];
        const membersId = `trace-group-${g.examples[0] ?? g.key}`;
        const what = g.missing.length
          ? `missing ${g.missing.join(", ")}`
          : g.findings.length
            ? g.findings[0]!
            : "every expected span reached";
        return (
          <li
            key={g.key}
            data-trace-group={g.status}
            data-count={g.count}
            className="rounded border border-slate-200 px-2 py-1.5 dark:border-slate-700"
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <StatusBadge status={badge.status} label={badge.label} />
              <span className="font-medium" data-testid="trace-group-count">
                {plural(g.count, "trace")}
              </span>
              {g.inFlight ? <span className="text-xs text-muted">(in flight, not judged yet)</span> : null}
              <span className="text-xs text-muted">
                {g.count > 1 ? (
                  <>
                    <Time ms={g.firstMs} zone={zone} /> to <Time ms={g.lastMs} zone={zone} />
                  </>
                ) : (
                  <Time ms={g.lastMs} zone={zone} />
                )}
              </span>
              <button
                type="button"
                onClick={() => toggle(g)}
                aria-expanded={isUnfolded(g)}
                aria-controls={membersId}
                // The accessible name starts with the visible text (WCAG 2.5.3) and says which group.
                aria-label={`${isUnfolded(g) ? "Hide" : "Show"} ${g.examples.length === g.count ? "all" : `${g.examples.length} newest`} of ${plural(g.count, badge.label === "finding" ? "trace with a finding" : `${badge.label} trace`)}: ${what}`}
                className="text-xs underline decoration-dotted"
              >
                {isUnfolded(g) ? "Hide" : "Show"}{" "}
                {g.examples.length === g.count ? "all" : `${g.examples.length} newest`}
              </button>
            </div>
            {g.missing.length ? (
              <p className="text-xs break-words">
                Missing: <span className="font-mono text-status-critical">{g.missing.join(", ")}</span>
              </p>
            ) : null}
            {g.findings.length ? (
              <p className="text-xs break-words text-slate-600 dark:text-slate-400">{g.findings.join("; ")}</p>
            ) : null}
            {isUnfolded(g) ? (
              <ul id={membersId} aria-label={`Traces ${what}`} className="mt-1 space-y-1">
                {g.examples.map((id) => {
                  const t = items.get(id);
                  return t ? (
                    <Member
                      key={id}
                      item={t}
                      group={g}
                      zone={zone}
                      open={id === openId}
                      focusOnOpen={openedHere}
                      onToggle={() => onToggle(id)}
                    >
                      {id === openId ? renderOpen(t) : null}
                    </Member>
                  ) : null;
                })}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Member({
  item: t,
  group,
  zone,
  open,
  focusOnOpen,
  onToggle,
  children,
}: {
  item: TraceListItem;
  group: TraceGroup;
  zone: TimeZoneChoice;
  open: boolean;
  focusOnOpen: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  const row = useRef<HTMLLIElement>(null);
  // Opened by a click: bring the row and its waterfall into view and move focus into it, so
  // the trace is where the reader looked. Opened by a pasted link at load: leave the page at
  // its top, where the verdict is.
  useEffect(() => {
    if (!open || !focusOnOpen || !row.current) return;
    row.current.scrollIntoView({ block: "start", behavior: "smooth" });
    row.current.querySelector<HTMLElement>("[data-open-trace]")?.focus({ preventScroll: true });
  }, [open, focusOnOpen]);
  // A member's own details the group does not already say (how far a clock is off).
  const own = t.findings.filter((f) => f.startsWith("clock skew:"));
  return (
    <li
      ref={row}
      data-trace={t.traceId}
      className={`scroll-mt-4 rounded px-1 py-0.5 ${open ? "bg-slate-100 dark:bg-slate-800" : ""}`}
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={open}
          className="font-mono text-xs underline decoration-dotted"
        >
          {t.traceId.slice(0, 16)}
        </button>
        <Time ms={t.startMs} zone={zone} className="text-xs text-muted" />
        {!t.judged && !group.inFlight ? <span className="text-xs text-muted">(in flight)</span> : null}
        <span className="text-xs text-muted">{plural(t.spans.length, "span")}</span>
        {t.jaegerUrl ? (
          <a
            href={t.jaegerUrl}
            target="_blank"
            rel="noreferrer"
            className="text-xs text-sky-700 underline dark:text-sky-400"
          >
            Open in Jaeger ↗
          </a>
        ) : null}
        {t.logUrl ? (
          <a
            href={t.logUrl}
            target="_blank"
            rel="noreferrer"
            className="text-xs text-sky-700 underline dark:text-sky-400"
          >
            Logs ↗
          </a>
        ) : null}
      </div>
      {own.length ? (
        <p className="text-xs break-words text-slate-600 dark:text-slate-400">{own.slice(0, 3).join("; ")}</p>
      ) : null}
      {children}
    </li>
  );
}

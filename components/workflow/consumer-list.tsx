import type { TimeZoneChoice } from "@/lib/view/time-zone";
import { TimedText } from "@/components/ui/timed-text";
import { Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import type { WorkflowViewModel } from "@/lib/view/view-model";
import { panelState } from "./panel-state";

/** Who consumes each destination right now, with consumers the workflow does not declare called out. */
export function ConsumerList({ view, zone }: { view: WorkflowViewModel; zone: TimeZoneChoice }) {
  const p = view.consumers;
  return (
    <Panel
      id="panel-consumer-list"
      title={`Consumers per ${view.words.destination}`}
      subtitle="From the broker, now. Undeclared consumers take messages the workflow expects."
      state={panelState(p)}
      minHeight={160}
    >
      {p.ok ? (
        <div className="space-y-3 text-sm">
          {p.data.map((q) => (
            <div key={`${q.where}/${q.destination}`}>
              <p>
                <span className="font-mono font-medium">{q.destination}</span>{" "}
                <span className="text-xs text-muted">
                  declared: {q.declared.join(", ")}
                  {q.delayQueue ? ` · delay ${view.words.destination}, no consumer needed` : ""}
                </span>
              </p>
              {!q.exists ? (
                <p className="text-xs text-status-critical">
                  The {view.words.destination} does not exist on the broker{q.where ? ` (${q.where})` : ""}.
                </p>
              ) : q.consumers.length === 0 ? (
                <p className={`text-xs ${q.delayQueue ? "text-muted" : "font-medium text-status-critical"}`}>
                  No consumer attached.
                </p>
              ) : (
                <ul className="mt-1 space-y-1">
                  {q.consumers.map((c) => (
                    <li
                      key={c.consumerTag}
                      data-declared={String(c.declared)}
                      className={`flex flex-wrap items-center gap-2 rounded px-2 py-1 text-xs ${c.declared === false ? "bg-status-critical/10 ring-1 ring-status-critical/50" : ""}`}
                    >
                      {c.declared === false ? (
                        <StatusBadge status="critical" label="undeclared" />
                      ) : c.declared === null ? (
                        <StatusBadge status="unknown" label="unnamed" />
                      ) : (
                        <StatusBadge status="ok" label="declared" />
                      )}
                      <span className="font-mono">{c.label}</span>
                      {c.peer ? <span className="text-muted">from {c.peer}</span> : null}
                      {c.prefetchCount !== undefined ? (
                        <span className="text-muted">prefetch {c.prefetchCount}</span>
                      ) : null}
                      {c.ackRequired === false ? <span className="text-status-warning">auto-ack</span> : null}
                      {c.active === false ? <span className="text-status-warning">inactive</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
          {p.notes.map((n) => (
            <p key={n} className="text-xs text-muted">
              <TimedText text={n} zone={zone} />
            </p>
          ))}
        </div>
      ) : null}
    </Panel>
  );
}

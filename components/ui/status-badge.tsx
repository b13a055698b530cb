export type DisplayStatus = "ok" | "warning" | "critical" | "unknown";

const STYLES: Record<DisplayStatus, string> = {
  ok: "bg-status-ok/15 text-status-ok ring-status-ok/40",
  warning: "bg-status-warning/15 text-status-warning ring-status-warning/40",
  critical: "bg-status-critical/15 text-status-critical ring-status-critical/40",
  unknown: "bg-status-unknown/15 text-status-unknown ring-status-unknown/40",
};

/** A status in words, not colour alone, so it reads in greyscale and to screen readers. */
export function StatusBadge({ status, label }: { status: DisplayStatus; label?: string }) {
  return (
    <span
      className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide ring-1 ring-inset ${STYLES[status]}`}
    >
      {label ?? status}
    </span>
  );
}

"use client";
// The workflow's checks as alert rules, to copy or download (GET /api/workflows/{id}/alert-rules).
// Fetched when opened: the export asks the broker for the dead-letter queues.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

const FORMATS = [
  { id: "prometheus", label: "Prometheus rule file" },
  { id: "grafana", label: "Grafana alerting provisioning" },
] as const;
type Format = (typeof FORMATS)[number]["id"];

function rulesUrl(workflowId: string, format: Format, download = false): string {
  return `/api/workflows/${encodeURIComponent(workflowId)}/alert-rules?format=${format}${download ? "&download=1" : ""}`;
}

async function fetchRules(url: string): Promise<{ text: string; problems: string | null }> {
  const response = await fetch(url, { cache: "no-store" });
  const text = await response.text();
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? message;
    } catch {
      // Not JSON (a proxy's error page): the status says enough, and the body is shown below it.
      message = `${message}: ${text.slice(0, 200)}`;
    }
    throw new Error(message);
  }
  const problems = response.headers.get("x-asyncscope-export-problems");
  return { text, problems: problems ? decodeURIComponent(problems) : null };
}

export function AlertRulesPanel({ workflowId }: { workflowId: string }) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<Format>("prometheus");
  const [copied, setCopied] = useState<string | null>(null);
  const url = rulesUrl(workflowId, format);
  const query = useQuery({
    queryKey: ["alert-rules", workflowId, format],
    queryFn: () => fetchRules(url),
    enabled: open,
  });

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied.");
    } catch (error) {
      setCopied(`Could not copy (${error instanceof Error ? error.message : String(error)}): select the text below.`);
    }
  }

  return (
    <details
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary className="cursor-pointer font-medium">Alert rules</summary>
      <div className="mt-3 flex flex-col gap-3 text-sm">
        <p className="max-w-3xl text-slate-600 dark:text-slate-400">
          These checks as alert rules for the Prometheus or Grafana the team already runs, so they page at 2 AM instead
          of waiting for someone to look. Each alert links back here, to the window it fired in. Trace checks cannot be
          PromQL: they alert through <code>asyncscope_check_status</code> on <code>/api/metrics</code>. See
          docs/alerting.md.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2">
            Format
            <select
              className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
              value={format}
              onChange={(event) => {
                setFormat(event.target.value as Format);
                setCopied(null);
              }}
            >
              {FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <a className="underline" href={rulesUrl(workflowId, format, true)} download>
            Download
          </a>
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-700"
            disabled={!query.data}
            onClick={() => query.data && void copy(query.data.text)}
          >
            Copy
          </button>
          {copied ? <span role="status">{copied}</span> : null}
        </div>
        {query.isPending && open ? <p className="text-muted">Generating the rules…</p> : null}
        {query.isError ? (
          <p role="alert" className="rounded border border-status-critical/40 bg-status-critical/10 p-2">
            The rules could not be generated: {query.error.message}
          </p>
        ) : null}
        {query.data?.problems ? (
          <p role="status" className="rounded border border-status-warning/40 bg-status-warning/10 p-2">
            Not covered: {query.data.problems}
          </p>
        ) : null}
        {query.data ? (
          <pre
            aria-label={`${format} alert rules`}
            className="max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-900"
          >
            {query.data.text}
          </pre>
        ) : null}
      </div>
    </details>
  );
}

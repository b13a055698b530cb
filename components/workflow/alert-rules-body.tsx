"use client";
// The inside of the "Alert rules" disclosure (alert-rules-panel.tsx): the workflow's checks as
// alert rules, to copy or download (GET /api/workflows/{id}/alert-rules). Loaded and fetched
// when first opened: the export asks the broker for the dead-letter queues.
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

/** `open`: the disclosure is open now; closed, the rules are not fetched again (the export asks the broker). */
export default function AlertRulesBody({ workflowId, open }: { workflowId: string; open: boolean }) {
  const [format, setFormat] = useState<Format>("prometheus");
  const [copied, setCopied] = useState<string | null>(null);
  const url = rulesUrl(workflowId, format);
  const query = useQuery({
    queryKey: ["alert-rules", workflowId, format],
    queryFn: () => fetchRules(url),
    enabled: open,
    // Not the app's "keep the previous data": one format's rules must not show under another's name.
    placeholderData: undefined,
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
    <>
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
    </>
  );
}

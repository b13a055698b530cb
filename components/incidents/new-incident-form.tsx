"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "./api-client";
import { rememberAuthor, useRememberedAuthor } from "./remembered-author";

interface Props {
  workflows: Array<{ id: string; name: string }>;
  /** Pre-selected workflow and start (from a workflow page's "Start incident"). */
  initialWorkflowId?: string;
  initialStartedAt?: string;
}

/** Opens an incident; the timeline then fills itself from the workflows' check transitions. */
export function NewIncidentForm({ workflows, initialWorkflowId, initialStartedAt }: Props) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const author = useRememberedAuthor();
  return (
    <form
      className="grid gap-3 rounded-lg border border-slate-200 p-4 text-sm sm:grid-cols-2 dark:border-slate-800"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const typedAuthor = String(form.get("author") ?? "");
        setBusy(true);
        setError("");
        try {
          const { incident } = await sendJson<{ incident: { id: string } }>("POST", "/api/incidents", {
            title: form.get("title"),
            severity: form.get("severity"),
            startedAt: form.get("startedAt"),
            workflowIds: form.getAll("workflowIds"),
            ...(typedAuthor.trim() ? { author: typedAuthor } : {}),
          });
          rememberAuthor(typedAuthor);
          router.push(`/incidents/${incident.id}`);
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
          setBusy(false);
        }
      }}
    >
      <label className="flex flex-col gap-1 sm:col-span-2">
        <span className="text-xs text-muted">Title</span>
        <input
          name="title"
          required
          maxLength={200}
          placeholder="Checkout confirmations stuck"
          className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-muted">Severity</span>
        <select
          name="severity"
          defaultValue="sev2"
          className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        >
          <option value="sev1">SEV1 — critical business impact</option>
          <option value="sev2">SEV2 — major</option>
          <option value="sev3">SEV3 — minor</option>
          <option value="sev4">SEV4 — low</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-muted">Started at (RFC 3339, UTC)</span>
        <input
          name="startedAt"
          required
          defaultValue={initialStartedAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z")}
          className="rounded border border-slate-300 bg-transparent px-2 py-1 font-mono text-xs dark:border-slate-700"
        />
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-xs text-muted">Workflows</legend>
        {workflows.map((workflow) => (
          <label key={workflow.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              name="workflowIds"
              value={workflow.id}
              defaultChecked={workflow.id === (initialWorkflowId ?? workflows[0]?.id)}
            />
            {workflow.name}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-muted">Your name (when no sign-in proxy is configured)</span>
        <input
          name="author"
          defaultValue={author}
          maxLength={200}
          className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          {busy ? "Opening…" : "Start incident"}
        </button>
        {error ? (
          <p role="alert" className="text-status-critical">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "./api-client";
import { rememberAuthor, useRememberedAuthor } from "./remembered-author";

/** Adds a note to an incident's timeline. Notes never conflict with each other. */
export function NoteForm({ incidentId, signedIn = false }: { incidentId: string; signedIn?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const author = useRememberedAuthor();
  return (
    <form
      className="flex flex-col gap-2 text-sm"
      onSubmit={async (event) => {
        event.preventDefault();
        const formElement = event.currentTarget;
        const form = new FormData(formElement);
        const typedAuthor = String(form.get("author") ?? "");
        setBusy(true);
        setError("");
        try {
          await sendJson("POST", `/api/incidents/${incidentId}/events`, {
            kind: "note",
            body: form.get("body"),
            ...(typedAuthor.trim() ? { author: typedAuthor } : {}),
          });
          if (!signedIn) rememberAuthor(typedAuthor);
          formElement.reset();
          router.refresh();
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="text-xs text-muted">Add a note</span>
        <textarea
          name="body"
          required
          rows={3}
          maxLength={10_000}
          className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        {/* With a sign-in proxy the server signs the note with its header: no name to type. */}
        {signedIn ? null : (
          <input
            name="author"
            placeholder="Your name"
            defaultValue={author}
            maxLength={200}
            aria-label="Your name"
            className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
          />
        )}
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          {busy ? "Adding…" : "Add note"}
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

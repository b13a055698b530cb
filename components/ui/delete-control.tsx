"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { sendDelete } from "@/components/incidents/api-client";

/**
 * Deletes one stored thing (an incident, a snapshot, a share link) through its DELETE route.
 * Two steps, because nothing brings it back: the first button only asks, saying what goes
 * with it; the second deletes and then leaves the page, which would otherwise show something
 * that no longer exists. A refusal (401 without sign-in, 404, 503) is shown as the server
 * words it, and the page stays.
 */
export function DeleteControl({
  url,
  what,
  consequence,
  afterHref,
}: {
  /** The DELETE route, e.g. /api/incidents/{id}. */
  url: string;
  /** What is deleted, in words: "this incident". */
  what: string;
  /** What else goes (or stays), said before the second click. */
  consequence: string;
  /** Where to go once it is gone. */
  afterHref: string;
}) {
  const router = useRouter();
  const questionId = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const buttonClass = "rounded border px-2 py-1 text-sm disabled:opacity-60";
  if (!asking) {
    return (
      <div>
        <button
          type="button"
          onClick={() => setAsking(true)}
          className={`${buttonClass} border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800`}
        >
          Delete {what}…
        </button>
      </div>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      className="flex flex-col gap-2 rounded border border-status-critical/40 p-3 text-sm"
    >
      <p id={questionId}>
        Delete {what}? {consequence} This cannot be undone.
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError("");
            try {
              await sendDelete(url);
              router.push(afterHref);
            } catch (failure) {
              setError(`Not deleted: ${failure instanceof Error ? failure.message : String(failure)}`);
              setBusy(false);
            }
          }}
          className={`${buttonClass} border-status-critical bg-status-critical text-white dark:text-slate-900`}
        >
          {busy ? "Deleting…" : `Yes, delete ${what}`}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setAsking(false);
            setError("");
          }}
          className={`${buttonClass} border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800`}
        >
          Keep it
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-status-critical">
          {error}
        </p>
      ) : null}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, sendJson } from "./api-client";
import { authorField, useRememberedAuthor } from "./remembered-author";

const STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;

/**
 * Moves the incident along. Sends the version this page was rendered with: if someone else
 * changed the incident meanwhile the server answers 409 and we say so instead of overwriting.
 * Without a sign-in proxy, the change is signed with the name remembered from this browser's
 * last note or incident.
 */
export function StatusControl({
  incidentId,
  status,
  version,
  signedIn = false,
}: {
  incidentId: string;
  status: string;
  version: number;
  signedIn?: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const remembered = useRememberedAuthor();
  // Signed in through the proxy: the server takes the name from its header, not from here.
  const author = signedIn ? "" : remembered;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-xs text-muted">Status{author ? ` (as ${author})` : ""}</span>
      {STATUSES.map((next) => (
        <button
          key={next}
          type="button"
          disabled={busy || next === status}
          aria-pressed={next === status}
          onClick={async () => {
            setBusy(true);
            setError("");
            try {
              await sendJson("PATCH", `/api/incidents/${incidentId}`, {
                version,
                status: next,
                ...authorField(author),
              });
              router.refresh();
            } catch (failure) {
              setError(
                failure instanceof ApiError && failure.status === 409
                  ? `${failure.message}. Showing the latest state.`
                  : failure instanceof Error
                    ? failure.message
                    : String(failure),
              );
              if (failure instanceof ApiError && failure.status === 409) router.refresh();
            } finally {
              setBusy(false);
            }
          }}
          className={`rounded border px-2 py-1 ${next === status ? "border-slate-800 bg-slate-800 text-white dark:border-slate-200 dark:bg-slate-200 dark:text-slate-900" : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"}`}
        >
          {next}
        </button>
      ))}
      {error ? (
        <p role="alert" className="basis-full text-status-critical">
          {error}
        </p>
      ) : null}
    </div>
  );
}

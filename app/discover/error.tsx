"use client";
// A failure that is not a source's (sources that do not answer are shown as gaps in the page).

export default function DiscoverError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="flex flex-col gap-3 rounded-lg border border-red-300 p-4 dark:border-red-800">
      <h1 className="text-xl font-semibold">Discovery failed</h1>
      <p className="text-sm">
        {error.message || "An unexpected error."}
        {error.digest ? ` (server log reference ${error.digest})` : ""}
      </p>
      <button type="button" onClick={reset} className="self-start rounded border px-3 py-1 text-sm">
        Try again
      </button>
    </div>
  );
}

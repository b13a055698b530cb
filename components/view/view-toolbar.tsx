"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { Time } from "@/components/ui/time";
import { formatInstant, RELATIVE_PRESETS } from "@/lib/view/window-link";
import { TIME_ZONE_COOKIE, type TimeZoneChoice } from "@/lib/view/time-zone";

export { TIME_ZONE_COOKIE };

interface Props {
  /**
   * The window on screen, as the server resolved the URL (the one parser, lib/view/time-range.ts):
   * absent when the URL's window cannot be read, and then `problem` says why.
   */
  shown?: { fromMs: number; toMs: number };
  /** The URL's relative range ("15m"), when the window is one: the picker shows it. */
  relative?: string;
  /** Why the URL's window cannot be read. */
  problem?: string;
  zone: TimeZoneChoice;
  /** A replayed recording's window: shown instead of the window picker, which could not change it. */
  recording?: { fromMs: number; toMs: number };
}

/**
 * Window, time zone and sharing for a view. Everything lives in the URL (the zone is a
 * personal display preference kept in a cookie, so shared links do not impose one).
 */
export function ViewToolbar({ shown: current, relative, problem, zone, recording }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [copyStatus, setCopyStatus] = useState<string>("");
  const [fromText, setFromText] = useState(current ? formatInstant(current.fromMs) : "");
  const [toText, setToText] = useState(current ? formatInstant(current.toMs) : "");

  const navigate = (update: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(update)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    startTransition(() => router.push(`${pathname}?${next.toString().replace(/%3A/gi, ":")}`));
  };

  const copyLink = async () => {
    if (!current) return;
    const params = new URLSearchParams(searchParams);
    params.delete("range");
    params.set("from", formatInstant(current.fromMs));
    params.set("to", formatInstant(current.toMs));
    // ":" needs no escaping in a query string; unescaped, the times in a pasted link stay readable.
    const url = `${window.location.origin}${pathname}?${params.toString().replace(/%3A/gi, ":")}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopyStatus(
        "Link copied: the live view of this exact window. It shows what the sources still hold, so it breaks once their retention drops this window.",
      );
    } catch (error) {
      // Clipboard access can be refused (insecure origin, permissions): show the link instead.
      setCopyStatus(`Copy failed (${error instanceof Error ? error.message : String(error)}); the link is: ${url}`);
    }
  };

  const setZone = (choice: TimeZoneChoice) => {
    document.cookie = `${TIME_ZONE_COOKIE}=${choice}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  };

  return (
    <div className="flex flex-wrap items-end gap-3 text-sm" aria-busy={pending}>
      {recording ? (
        <div className="flex flex-col gap-1" data-testid="recording-window">
          <span className="text-xs text-muted">Window</span>
          <span className="py-1">
            the recording&apos;s, <Time ms={recording.fromMs} zone={zone} /> to <Time ms={recording.toMs} zone={zone} />
          </span>
        </div>
      ) : (
        <>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Window</span>
            <select
              className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
              value={relative ?? "custom"}
              onChange={(event) => {
                if (event.target.value !== "custom")
                  navigate({ range: event.target.value, from: undefined, to: undefined });
              }}
            >
              {RELATIVE_PRESETS.map((preset) => (
                <option key={preset} value={preset}>
                  Last {preset}
                </option>
              ))}
              <option value="custom">Absolute…</option>
            </select>
          </label>
          <form
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              navigate({ from: fromText.trim(), to: toText.trim(), range: undefined });
            }}
          >
            <label className="flex flex-col gap-1">
              <span className="text-xs text-muted">From (RFC 3339)</span>
              <input
                className="w-48 rounded border border-slate-300 bg-transparent px-2 py-1 font-mono text-xs dark:border-slate-700"
                value={fromText}
                onChange={(event) => setFromText(event.target.value)}
              />
            </label>
            <label className="flex flex-col gap-1">
              <span className="text-xs text-muted">To</span>
              <input
                className="w-48 rounded border border-slate-300 bg-transparent px-2 py-1 font-mono text-xs dark:border-slate-700"
                value={toText}
                onChange={(event) => setToText(event.target.value)}
              />
            </label>
            <button
              type="submit"
              className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Apply
            </button>
          </form>
        </>
      )}
      <fieldset className="flex flex-col gap-1">
        <legend className="text-xs text-muted">Times in</legend>
        <div className="flex overflow-hidden rounded border border-slate-300 dark:border-slate-700">
          {(["utc", "local"] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              aria-pressed={zone === choice}
              onClick={() => setZone(choice)}
              className={`px-2 py-1 ${zone === choice ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
            >
              {choice === "utc" ? "UTC" : "Local"}
            </button>
          ))}
        </div>
      </fieldset>
      {/* Secondary to "Share link" (the actions below), which freezes the evidence and outlives the sources' retention. */}
      <div className="flex flex-col gap-1">
        <span id="copy-link-what" className="text-xs text-muted">
          Live URL: breaks after retention
        </span>
        <button
          type="button"
          onClick={copyLink}
          disabled={!current}
          aria-describedby="copy-link-what"
          className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Copy link
        </button>
      </div>
      <p role="status" aria-live="polite" className="basis-full text-xs text-slate-600 dark:text-slate-400">
        {problem ?? copyStatus}
      </p>
    </div>
  );
}

"use client";

import { useSyncExternalStore } from "react";

// The name a person typed in a "Your name" field, kept in this browser, so every later write
// (notes, status changes, pins, share links) carries it without asking again. Only used when
// no sign-in proxy is configured: the server then takes the author from the body; with
// ASYNCSCOPE_AUTH_HEADER set it ignores it and uses the header.

const KEY = "asyncscope.author";
const CHANGED = "asyncscope:author-changed";

let warned = false;
function storageUnavailable(error: unknown): void {
  // Private windows and locked-down browsers refuse storage: the name is then asked each time.
  if (warned) return;
  warned = true;
  console.warn(
    `[asyncscope] this browser will not remember your name: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function read(): string {
  try {
    return window.localStorage.getItem(KEY) ?? "";
  } catch (error) {
    storageUnavailable(error);
    return "";
  }
}

/** Remembers `name` (trimmed) for later writes; an empty name forgets it. */
export function rememberAuthor(name: string): void {
  const trimmed = name.trim();
  try {
    if (trimmed) window.localStorage.setItem(KEY, trimmed);
    else window.localStorage.removeItem(KEY);
  } catch (error) {
    storageUnavailable(error);
    return;
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onChange); // other tabs
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** The remembered name ("" when none; "" on the server, filled in after hydration). */
export function useRememberedAuthor(): string {
  return useSyncExternalStore(subscribe, read, () => "");
}

/** `{ author }` for a request body when a name is remembered, `{}` otherwise. */
export function authorField(name: string): { author?: string } {
  return name ? { author: name } : {};
}

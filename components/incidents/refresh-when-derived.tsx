"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Long enough for a derivation against reachable sources to have finished. */
const RELOAD_AFTER_MS = 3_000;

/**
 * Shown while the timeline is being derived after the response: reloads the page's data once,
 * a few seconds later, so the events the derivation adds appear without the viewer reloading.
 */
export function RefreshWhenDerived() {
  const router = useRouter();
  useEffect(() => {
    const timer = setTimeout(() => router.refresh(), RELOAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [router]);
  return null;
}

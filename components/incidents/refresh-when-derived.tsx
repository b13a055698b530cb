"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Against reachable sources a derivation takes a second or two. */
const RELOAD_EVERY_MS = 2_000;
/** Past this, the viewer reloads: a derivation that slow waits on an upstream timing out. */
const RELOADS = 5;

/**
 * Shown while the timeline is being derived after the response: reloads the page's data every
 * few seconds until the server renders it derived (this component is then gone), so the events
 * the derivation adds appear without the viewer reloading. Each reload asks the server for the
 * same derivation, which it coalesces with the one in flight: no extra upstream queries.
 */
export function RefreshWhenDerived() {
  const router = useRouter();
  useEffect(() => {
    let reloads = 0;
    const timer = setInterval(() => {
      reloads += 1;
      router.refresh();
      if (reloads >= RELOADS) clearInterval(timer);
    }, RELOAD_EVERY_MS);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}

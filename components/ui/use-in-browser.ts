import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False on the server and while hydrating, true after. For parts drawn in the browser only (the
 * charts, the panels below the first screen), whose server render is a placeholder; and for
 * "local" times: the server does not know the viewer's zone, so such a time is first drawn in
 * UTC (what the server sent, its zone named, so hydration matches) and redrawn right after.
 */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/** One QueryClient per browser tab; panels refresh from the JSON API through it. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // The server already rendered fresh data; refetching on mount would double the load.
            staleTime: 10_000,
            retry: 1,
            // Keep showing the last good data while a refresh is in flight: no layout shift.
            placeholderData: (previous: unknown) => previous,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

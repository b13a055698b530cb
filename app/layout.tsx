import type { Metadata } from "next";
import { headers } from "next/headers";
import { requestOrigin } from "@/lib/api/base-url";
import { appEnv } from "@/lib/env";
import type { ReactNode } from "react";
import { MainNav } from "@/components/ui/main-nav";
import { Providers } from "./providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  // Link previews need absolute image URLs: the configured public URL, else the origin the
  // request came to (Next's own fallback is http://localhost:{PORT}, useless to a chat app).
  // Neither (no usable Host header): Next falls back and warns in the server log.
  const base = appEnv().ASYNCSCOPE_PUBLIC_URL ?? requestOrigin(await headers());
  return {
    ...(base ? { metadataBase: new URL(base) } : {}),
    title: { default: "Asyncscope", template: "%s · Asyncscope" },
    description:
      "Is the async workflow working, and if not, where does it break? Broker, metrics and traces on one page.",
  };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <MainNav />
        <main id="main" className="mx-auto max-w-6xl px-6 py-8">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}

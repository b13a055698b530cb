import type { Metadata } from "next";
import { headers } from "next/headers";
import { requestLinkBase } from "@/lib/api/base-url";
import { rootMetadata } from "@/lib/view/root-metadata";
import type { ReactNode } from "react";
import { MainNav } from "@/components/ui/main-nav";
import { Providers } from "./providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  // Absolute preview URLs only from a trusted base (ASYNCSCOPE_PUBLIC_URL, or a Host listed in
  // ASYNCSCOPE_ALLOWED_ORIGINS); lib/view/root-metadata.ts says what happens without one.
  return rootMetadata(requestLinkBase(await headers()));
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

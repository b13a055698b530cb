import type { Metadata } from "next";
import { appEnv } from "@/lib/env";
import type { ReactNode } from "react";
import { MainNav } from "@/components/ui/main-nav";
import { Providers } from "./providers";
import "./globals.css";

export function generateMetadata(): Metadata {
  const publicUrl = appEnv().ASYNCSCOPE_PUBLIC_URL;
  return {
    // Link previews need absolute image URLs; without a configured public URL Next uses the request's host.
    ...(publicUrl ? { metadataBase: new URL(publicUrl) } : {}),
    title: { default: "Asyncscope", template: "%s · Asyncscope" },
    description: "Is the async workflow working, and if not, where does it break? Broker, metrics and traces on one page.",
  };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
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

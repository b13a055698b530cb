"use client";
// "Alert rules" on a workflow page: a closed disclosure whose inside (alert-rules-body.tsx, the
// formats, the copy button and the fetched rules) loads only when first opened, so the page's
// first load does not carry it (docs/workflow-page.md, "Size"). What the rules are for is the
// server's `children`: text in the page's HTML, not in its JavaScript.
import { lazy, Suspense, useState, type ReactNode } from "react";

const AlertRulesBody = lazy(() => import("./alert-rules-body"));

export function AlertRulesPanel({ workflowId, children }: { workflowId: string; children: ReactNode }) {
  const [opened, setOpened] = useState(false);
  return (
    <details
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onToggle={(event) => {
        // Kept once opened: closing and reopening keeps the chosen format and the fetched rules.
        if ((event.target as HTMLDetailsElement).open) setOpened(true);
      }}
    >
      <summary className="cursor-pointer font-medium">Alert rules</summary>
      <div className="mt-3 flex flex-col gap-3 text-sm">
        {children}
        {opened ? (
          <Suspense fallback={<p className="text-muted">Loading…</p>}>
            <AlertRulesBody workflowId={workflowId} />
          </Suspense>
        ) : null}
      </div>
    </details>
  );
}

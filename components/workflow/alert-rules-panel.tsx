"use client";
// "Alert rules" on a workflow page: a closed disclosure whose inside (alert-rules-body.tsx, the
// formats, the copy button and the fetched rules) loads only when first opened, so the page's
// first load does not carry it (docs/workflow-page.md, "Size"). What the rules are for is the
// server's `children`: text in the page's HTML, not in its JavaScript.
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import { ChunkFailed } from "@/components/ui/chunk-failed";

const AlertRulesBody = lazy(() => import("./alert-rules-body"));

export function AlertRulesPanel({ workflowId, children }: { workflowId: string; children: ReactNode }) {
  const details = useRef<HTMLDetailsElement>(null);
  // Kept once opened: closing and reopening keeps the chosen format and the fetched rules.
  const [opened, setOpened] = useState(false);
  const [open, setOpen] = useState(false);
  // Opened before the page hydrated: the toggle event went by unseen, the element says so.
  useEffect(() => {
    if (details.current?.open) {
      setOpened(true);
      setOpen(true);
    }
  }, []);
  return (
    <details
      ref={details}
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onToggle={(event) => {
        const isOpen = (event.target as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen) setOpened(true);
      }}
    >
      <summary className="cursor-pointer font-medium">Alert rules</summary>
      <div className="mt-3 flex flex-col gap-3 text-sm">
        {children}
        {opened ? (
          <ChunkFailed what="alert rules">
            <Suspense fallback={<p className="text-muted">Loading…</p>}>
              <AlertRulesBody workflowId={workflowId} open={open} />
            </Suspense>
          </ChunkFailed>
        ) : null}
      </div>
    </details>
  );
}

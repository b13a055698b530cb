"use client";
// The alert rules' disclosure: its controls (alert-rules-body.tsx) mount the first time it
// opens, and stay mounted after, so the chosen format survives closing and reopening. (Their
// code is small: a chunk of its own cost more than it saved.)
import { useState, type ReactNode } from "react";
import { AlertRulesBody } from "./alert-rules-body";

export function AlertRulesDisclosure({ workflowId, children }: { workflowId: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <details
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
        {opened ? <AlertRulesBody workflowId={workflowId} open={open} /> : null}
      </div>
    </details>
  );
}

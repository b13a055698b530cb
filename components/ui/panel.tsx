import type { ReactNode } from "react";

export type PanelState =
  | { kind: "ready" }
  | { kind: "loading" }
  | { kind: "error"; source: string; message: string }
  | { kind: "empty"; message: string };

interface Props {
  id?: string;
  title: string;
  /** What the panel is evidence of, in a few words. */
  subtitle?: string;
  state: PanelState;
  /** Keeps the panel's height fixed across loading, error and data: no layout shift on refresh. */
  minHeight?: number;
  actions?: ReactNode;
  children?: ReactNode;
}

/** One panel of a workflow page, with its own skeleton and its own error naming the source. */
export function Panel({ id, title, subtitle, state, minHeight = 260, actions, children }: Props) {
  return (
    <section
      id={id}
      aria-labelledby={id ? `${id}-title` : undefined}
      aria-busy={state.kind === "loading"}
      className="scroll-mt-4 rounded-lg border border-slate-200 p-4 target:ring-2 target:ring-violet-500 dark:border-slate-800"
    >
      <div className="mb-3 flex items-start justify-between gap-2">
        <div>
          <h2 id={id ? `${id}-title` : undefined} className="font-medium">
            {title}
          </h2>
          {subtitle ? <p className="text-xs text-muted">{subtitle}</p> : null}
        </div>
        {actions}
      </div>
      <div style={{ minHeight }}>
        {state.kind === "loading" ? (
          <div
            className="h-full animate-pulse rounded bg-slate-100 dark:bg-slate-800"
            style={{ minHeight }}
            role="img"
            aria-label="Loading"
          />
        ) : state.kind === "error" ? (
          <div role="alert" className="rounded border border-status-critical/40 bg-status-critical/10 p-3 text-sm">
            <p className="font-medium text-status-critical">No data from {state.source}</p>
            <p className="mt-1 text-slate-700 dark:text-slate-300">{state.message}</p>
          </div>
        ) : state.kind === "empty" ? (
          <p className="rounded border border-status-unknown/40 bg-status-unknown/10 p-3 text-sm">{state.message}</p>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

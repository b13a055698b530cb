import type { CheckStatus } from "@/lib/analysis/types";
import type { FlowBranch, FlowEdge, FlowStrip as Flow } from "@/lib/view/flow-strip";

// Plain elements, no state and no effects: it renders on the server and costs the page almost
// no JavaScript. Rows of boxes and arrows on a wide screen, one column on a phone, so nothing
// scrolls sideways at 390 px.

const EDGE_TONE: Record<CheckStatus, string> = {
  ok: "border-slate-300 dark:border-slate-700",
  warning: "border-status-warning text-status-warning",
  critical: "border-2 border-status-critical text-status-critical font-semibold",
  unknown: "border-dashed border-slate-400 text-status-unknown",
};

function Arrow() {
  return (
    <span aria-hidden="true" className="text-muted">
      <span className="sm:hidden">↓</span>
      <span className="hidden sm:inline">→</span>
    </span>
  );
}

function Node({ word, name, note }: { word: string; name: string; note?: string | undefined }) {
  return (
    <span className="min-w-0 rounded bg-slate-100 px-2 py-0.5 dark:bg-slate-800" title={note}>
      <span className="text-muted">{word} </span>
      <span className="font-mono font-medium [overflow-wrap:anywhere]">{name}</span>
    </span>
  );
}

/** An edge: an arrow with its figures, and its status in words when it is not ok. */
function Edge({ edge, className = "" }: { edge: FlowEdge; className?: string }) {
  return (
    <span
      className={`flex min-w-0 flex-wrap items-baseline gap-x-2 rounded border px-1.5 py-0.5 ${EDGE_TONE[edge.status]} ${className}`}
      data-edge-status={edge.status}
    >
      <Arrow />
      {edge.figures.map((f) => (
        <span key={f.label} className="whitespace-nowrap" title={f.gap ? `No data: ${f.gap}` : undefined}>
          <span className="text-muted">{f.label} </span>
          <span className={f.gap ? "italic" : "tabular-nums"}>{f.text}</span>
        </span>
      ))}
      {edge.status !== "ok" ? <span className="[overflow-wrap:anywhere]">{edge.statusText}</span> : null}
    </span>
  );
}

function Branch({ b }: { b: FlowBranch }) {
  return (
    // A hanging indent on a wide screen (padding on the row, the same negative margin on its
    // first box): a branch that wraps continues indented, so its consumers do not read as the
    // start of another branch.
    <li
      className="flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:items-center sm:pl-6"
      data-flow-branch={b.name}
      data-broken={[b.into, b.out, b.deadLetter?.edge].some((e) => e?.status === "critical") || undefined}
    >
      <Edge edge={b.into} className="sm:-ml-6" />
      <Node word={b.kindWord} name={b.name} note={b.missing ? `no such ${b.kindWord}` : undefined} />
      {b.missing ? null : (
        <>
          <Edge edge={b.out} />
          {b.returnsTo ? (
            <Node word="returns to" name={b.returnsTo} note="after its TTL, without a consumer" />
          ) : (
            <span className="flex min-w-0 flex-wrap gap-1">
              {b.consumers.map((c) => (
                <span
                  key={c.name}
                  className={`rounded px-2 py-0.5 ${c.undeclared ? "border-2 border-status-critical font-semibold text-status-critical" : "bg-slate-100 dark:bg-slate-800"}`}
                  data-undeclared={c.undeclared || undefined}
                >
                  <span className="font-mono [overflow-wrap:anywhere]">{c.name}</span>
                  {c.undeclared ? " (undeclared)" : ""}
                </span>
              ))}
              {b.consumersUnknown ? (
                <span className="italic text-status-unknown" title={b.consumersUnknown}>
                  who else consumes: no data
                </span>
              ) : null}
            </span>
          )}
          {b.deadLetter ? (
            <span className="flex min-w-0 flex-wrap items-center gap-1 sm:basis-full">
              <span className="text-muted">failed →</span>
              <Edge edge={b.deadLetter.edge} />
              <Node word={b.deadLetter.word} name={b.deadLetter.names.join(", ")} />
            </span>
          ) : null}
        </>
      )}
    </li>
  );
}

/** Where messages go and where they stop: producer → exchange → each destination → its consumers. */
export function FlowStrip({ flow }: { flow: Flow }) {
  return (
    <section
      aria-label="Message flow"
      data-testid="flow-strip"
      className="flex flex-col gap-2 rounded border border-slate-200 px-3 py-2 text-xs dark:border-slate-800"
    >
      <p className="flex flex-wrap items-center gap-1">
        <Node word="producer" name={flow.producer.name} note={flow.producer.note} />
        {flow.entry ? (
          <>
            <span aria-hidden="true" className="text-muted">
              →
            </span>
            <Node word={flow.entry.word} name={flow.entry.name} note={flow.entry.from} />
          </>
        ) : null}
      </p>
      <ol className="flex flex-col gap-2">
        {flow.branches.map((b) => (
          <Branch key={b.key} b={b} />
        ))}
      </ol>
    </section>
  );
}

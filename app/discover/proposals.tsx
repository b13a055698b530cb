"use client";
// The proposals of each source group: tick, rename, choose the expected spans, then download or
// copy the YAML (written by lib/discovery/yaml.ts, the same code as npm run config:discover).
import { useId, useMemo, useState } from "react";
import { FlowStrip as FlowStripView } from "@/components/workflow/flow-strip";
import type { DiscoveryGroup } from "@/lib/discovery/page-data";
import { destinationText, flowText, percentText, unexplainedName } from "@/lib/discovery/text";
import type { ProposedSpan, WorkflowProposal } from "@/lib/discovery/types";
import { proposalsYaml } from "@/lib/discovery/yaml";
import type { FlowStrip } from "@/lib/view/flow-strip";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

interface Choice {
  accepted: boolean;
  id: string;
  name: string;
  /** Span index → expected, for the spans the person changed. */
  expected: Record<number, boolean>;
}

const spanLabel = (s: ProposedSpan) => `${s.service} · ${s.span}${s.kind ? ` (${s.kind})` : ""}`;

function applyChoice(p: WorkflowProposal, c: Choice): WorkflowProposal {
  return {
    ...p,
    id: c.id,
    name: c.name,
    spans: p.spans.map((s, i) => {
      const expected = c.expected[i] ?? s.expected;
      return expected === s.expected ? s : { ...s, expected, whyNot: expected ? undefined : "unticked on /discover" };
    }),
  };
}

function ProposalCard({
  proposal,
  flow,
  choice,
  onChange,
}: {
  proposal: WorkflowProposal;
  /** The proposal drawn as its workflow page will draw it (lib/discovery/proposal-flow.ts). */
  flow: FlowStrip | undefined;
  choice: Choice;
  onChange: (next: Choice) => void;
}) {
  const idOk = ID_PATTERN.test(choice.id);
  // Unique per card: the same proposal id appears in several groups (the demo's recordings).
  const heading = useId();
  return (
    <li className="rounded-lg border border-slate-200 p-4 dark:border-slate-800" aria-labelledby={heading}>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 font-semibold" id={heading}>
          <input
            type="checkbox"
            checked={choice.accepted}
            onChange={(e) => onChange({ ...choice, accepted: e.target.checked })}
          />
          Accept {proposal.id}
        </label>
        <span className="text-xs text-slate-600 dark:text-slate-400">from {proposal.traceCount} traces</span>
      </div>
      <div className="mt-3 grid gap-2 sm:grid-cols-[auto_1fr] sm:items-center">
        <label htmlFor={`${heading}-name`} className="text-sm">
          Name
        </label>
        <input
          id={`${heading}-name`}
          className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          value={choice.name}
          onChange={(e) => onChange({ ...choice, name: e.target.value })}
        />
        <label htmlFor={`${heading}-id`} className="text-sm">
          Id
        </label>
        <div>
          <input
            id={`${heading}-id`}
            className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
            value={choice.id}
            aria-invalid={!idOk}
            onChange={(e) => onChange({ ...choice, id: e.target.value })}
          />
          {idOk ? null : (
            <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
              lowercase letters, digits and dashes (it becomes the page&apos;s address)
            </p>
          )}
        </div>
      </div>
      <p className="mt-3 font-mono text-sm break-words" aria-label="Flow">
        {flowText(proposal)}
      </p>
      {flow ? (
        <div className="mt-2">
          <FlowStripView flow={flow} />
        </div>
      ) : null}
      <h3 className="mt-4 text-sm font-semibold">Queues</h3>
      <ul className="mt-1 flex flex-col gap-2 text-sm">
        {proposal.destinations.map((d) => (
          <li key={`${d.scope ?? ""}/${d.queue}`}>
            <span className="font-mono">{destinationText(d)}</span>{" "}
            <span className="text-xs text-slate-600 dark:text-slate-400">
              ({percentText(d.confidence)}: {d.evidence.join("; ")})
            </span>
            {d.consumers.map((c) => (
              <p key={c.name} className="pl-4 text-xs text-slate-600 dark:text-slate-400">
                {c.name}: {c.evidence.join("; ")}
              </p>
            ))}
            {d.suspects.map((s) => (
              <p key={s.label} className="pl-4 text-xs text-amber-800 dark:text-amber-300">
                <strong>{s.label}</strong> is probably not part of the workflow (not declared): {s.reasons.join("; ")}
              </p>
            ))}
            {d.deadLetterQueues.length > 0 ? (
              <p className="pl-4 text-xs text-slate-600 dark:text-slate-400">
                dead letters go to {d.deadLetterQueues.join(", ")} (found by Asyncscope, not declared)
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <fieldset className="mt-4">
        <legend className="text-sm font-semibold">Spans a complete trace contains</legend>
        <ul className="mt-1 flex flex-col gap-1 text-sm">
          {proposal.spans.map((s, i) => (
            <li key={`${s.service}|${s.span}|${s.kind}`}>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={choice.expected[i] ?? s.expected}
                  onChange={(e) => onChange({ ...choice, expected: { ...choice.expected, [i]: e.target.checked } })}
                />
                <span>
                  <span className="font-mono">{spanLabel(s)}</span>{" "}
                  <span className="text-xs text-slate-600 dark:text-slate-400">
                    {s.evidence.join("; ")}
                    {s.whyNot && !s.expected ? ` — not proposed: ${s.whyNot}` : ""}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </li>
  );
}

function GroupSection({ group, flows, index }: { group: DiscoveryGroup; flows: FlowStrip[]; index: number }) {
  const proposals = useMemo(() => group.result?.proposals ?? [], [group.result]);
  const [choices, setChoices] = useState<Choice[]>(() =>
    proposals.map((p) => ({ accepted: true, id: p.id, name: p.name, expected: {} })),
  );
  const [copyStatus, setCopyStatus] = useState<string>("");
  const accepted = proposals.flatMap((p, i) => (choices[i]!.accepted ? [applyChoice(p, choices[i]!)] : []));
  const ids = accepted.map((p) => p.id);
  const problem = ids.some((id) => !ID_PATTERN.test(id))
    ? "an accepted workflow has an invalid id"
    : new Set(ids).size !== ids.length
      ? "two accepted workflows have the same id"
      : undefined;
  const yaml = proposalsYaml({
    proposals: accepted,
    sources: group.sources,
    origin: group.origin,
    unexplained: group.result?.unexplainedQueues.map((q) => unexplainedName(q)),
  });
  const headingId = `discover-group-${index}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(yaml);
      setCopyStatus("Copied.");
    } catch (error) {
      // Clipboard access is refused on plain http and in some browsers: say so, the text is selectable.
      setCopyStatus(
        `Could not copy (${error instanceof Error ? error.message : String(error)}): select the text below.`,
      );
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "asyncscope.yaml";
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <h2 id={headingId} className="text-lg font-semibold">
        From {group.label}
      </h2>
      {group.report.length > 0 ? (
        <ul className="text-xs text-slate-600 dark:text-slate-400">
          {group.report.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {group.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {group.error}
        </p>
      ) : null}
      {group.result && group.result.gaps.length > 0 ? (
        <ul className="rounded border border-amber-300 p-2 text-sm dark:border-amber-800" aria-label="Gaps">
          {group.result.gaps.map((gap) => (
            <li key={gap}>{gap}</li>
          ))}
        </ul>
      ) : null}
      {group.result && proposals.length === 0 ? (
        <p className="text-sm">
          No workflow found: no trace of the window publishes to a queue. Widen the window (
          <span className="font-mono">?window=6h</span>) or check that the services export producer and consumer spans.
        </p>
      ) : null}
      {proposals.length > 0 ? (
        <>
          <ul className="flex flex-col gap-4">
            {proposals.map((p, i) => (
              <ProposalCard
                key={`${p.id}-${i}`}
                proposal={p}
                flow={flows[i]}
                choice={choices[i]!}
                onChange={(next) => setChoices((all) => all.map((c, j) => (j === i ? next : c)))}
              />
            ))}
          </ul>
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              onClick={download}
              disabled={problem !== undefined}
              className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900"
            >
              Download asyncscope.yaml
            </button>
            <button
              type="button"
              onClick={copy}
              disabled={problem !== undefined}
              className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-slate-700"
            >
              Copy YAML
            </button>
            <span role="status" className="text-sm">
              {problem ?? copyStatus}
            </span>
          </div>
          <details>
            <summary className="cursor-pointer text-sm">The YAML ({accepted.length} workflow(s) accepted)</summary>
            <pre
              aria-label="Proposed asyncscope.yaml"
              className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-900"
            >
              {yaml}
            </pre>
          </details>
        </>
      ) : null}
      {group.result && group.result.unexplainedQueues.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-sm">
            Queues with no traced producer ({group.result.unexplainedQueues.length})
          </summary>
          <ul className="mt-1 font-mono text-xs">
            {group.result.unexplainedQueues.slice(0, 200).map((q) => (
              <li key={`${q.broker} ${q.scope ?? ""}/${q.name}`}>
                {unexplainedName(q)}
                {q.consumers.length ? ` ← ${q.consumers.join(", ")}` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function DiscoverGroups({ groups, flows }: { groups: DiscoveryGroup[]; flows: FlowStrip[][] }) {
  return (
    <div className="flex flex-col gap-8">
      {groups.map((group, index) => (
        <GroupSection key={group.label} group={group} flows={flows[index] ?? []} index={index} />
      ))}
    </div>
  );
}

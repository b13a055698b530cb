import type { ChecklistStep, CheckStatus } from "@/lib/analysis/types";
import { evidenceLink } from "./evidence-ref";
import { actionItemNotes, inlineText, minutesToDetect, rootCauseNotes, type WrittenItem } from "./review-sections";

// The post-incident review as Markdown (for the review doc) and as JSON (for tools). Pure:
// the route gathers the incident, its timeline and the checklist findings, then calls these.

export interface ReviewInput {
  incident: {
    id: string;
    title: string;
    severity: string;
    status: string;
    startedAt: Date;
    resolvedAt: Date | null;
    workflowIds: string[];
    createdBy: string | null;
  };
  /** evidenceRef: where in its snapshot a pinned item is (evidence-ref.ts). */
  events: Array<{
    at: Date;
    kind: string;
    author: string | null;
    body: string;
    checkId: string | null;
    snapshotId: string | null;
    evidenceRef: string | null;
  }>;
  /** The checklist as it stood for each workflow (from the incident's latest snapshot). */
  findings: Array<{
    workflowId: string;
    workflowName: string;
    verdict: CheckStatus;
    summary: string;
    checklist: ChecklistStep[];
    snapshotTakenAt?: Date;
  }>;
  /** Absolute base URL of this Asyncscope, for links ("https://asyncscope.example.com"). */
  baseUrl: string;
  /** When the review was made: the end of the impact window while the incident is ongoing. */
  generatedAt?: Date;
  /** Why the derived timeline may be incomplete (a source that could not be read when deriving). */
  timelineProblems?: string[];
}

/** A window the workflow page accepts: never empty, however little time has passed. */
const MIN_LINK_WINDOW_MS = 60_000;

export interface ReviewJson {
  version: 1;
  incident: ReviewInput["incident"] & {
    url: string;
    impactMinutes: number | null;
    /** Start to the first detection or alert on the timeline; null when nothing detected it. */
    minutesToDetect: number | null;
  };
  /** Notes marked "Root cause: …" and "Action: …" (also "TODO:", "Follow-up:"). */
  rootCause: WrittenItem[];
  actionItems: WrittenItem[];
  timeline: ReviewInput["events"];
  timelineProblems: string[];
  findings: ReviewInput["findings"];
  evidence: Array<{ label: string; url: string }>;
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function minutesBetween(from: Date, to: Date | null): number | null {
  return to ? Math.round((to.getTime() - from.getTime()) / 60_000) : null;
}

/** Table cells: one line, pipes and Markdown markup escaped (a note is user text). */
const cell = inlineText;

function evidenceLinks(input: ReviewInput): Array<{ label: string; url: string }> {
  const links = input.incident.workflowIds.map((id) => {
    const from = input.incident.startedAt;
    const end = input.incident.resolvedAt ?? input.generatedAt ?? input.events.at(-1)?.at ?? from;
    const to = new Date(Math.max(end.getTime(), from.getTime() + MIN_LINK_WINDOW_MS));
    const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
    const params = new URLSearchParams({ from: seconds(from), to: seconds(to) });
    return {
      label: `Workflow ${id} over the impact window`,
      url: `${input.baseUrl}/workflows/${id}?${params.toString()}`,
    };
  });
  // One link per snapshot and pinned item, landing where the timeline's evidence link does.
  const seen = new Set<string>();
  for (const event of input.events) {
    if (event.snapshotId === null) continue;
    const link = evidenceLink(event.snapshotId, event.evidenceRef);
    if (seen.has(link.path)) continue;
    seen.add(link.path);
    // The ref itself stays out of a label that is Markdown: only what evidenceLink vouches for.
    const about = link.target
      ? `: ${link.target}`
      : link.problem
        ? " (a pinned item this version does not know; opens the whole snapshot)"
        : "";
    links.push({ label: `Snapshot ${event.snapshotId.slice(0, 8)}${about}`, url: `${input.baseUrl}${link.path}` });
  }
  return links;
}

export function reviewJson(input: ReviewInput): ReviewJson {
  return {
    version: 1,
    incident: {
      ...input.incident,
      url: `${input.baseUrl}/incidents/${input.incident.id}`,
      impactMinutes: minutesBetween(input.incident.startedAt, input.incident.resolvedAt),
      minutesToDetect: minutesToDetect(input.incident.startedAt, input.events),
    },
    rootCause: rootCauseNotes(input.events),
    actionItems: actionItemNotes(input.events),
    timeline: input.events,
    timelineProblems: input.timelineProblems ?? [],
    findings: input.findings,
    evidence: evidenceLinks(input),
  };
}

export function reviewMarkdown(input: ReviewInput): string {
  const { incident } = input;
  const impact = minutesBetween(incident.startedAt, incident.resolvedAt);
  const lines: string[] = [
    `# Post-incident review: ${inlineText(incident.title)}`,
    "",
    `- **Severity:** ${incident.severity.toUpperCase()}`,
    `- **Status:** ${incident.status}`,
    `- **Impact window:** ${utc(incident.startedAt)} – ${incident.resolvedAt ? utc(incident.resolvedAt) : "ongoing"}${impact !== null ? ` (${impact} min)` : ""}`,
    `- **Workflows:** ${incident.workflowIds.join(", ")}`,
    `- **Incident:** ${input.baseUrl}/incidents/${incident.id}`,
    "",
    "## Summary",
    "",
  ];
  if (input.findings.length === 0) {
    lines.push("No evidence snapshot was taken for this incident, so there are no checklist findings to report.");
  } else {
    for (const finding of input.findings)
      // Summaries and answers quote what the sources hold (queue names, log messages): escaped too.
      lines.push(
        `- **${inlineText(finding.workflowName)}** (${finding.workflowId}): ${finding.verdict} — ${inlineText(finding.summary)}`,
      );
  }
  const detect = minutesToDetect(incident.startedAt, input.events);
  const firstDetection = input.events.find((event) => event.kind === "detected" || event.kind === "alert");
  lines.push(
    "",
    "## Impact",
    "",
    `- **Impact window:** ${utc(incident.startedAt)} – ${incident.resolvedAt ? utc(incident.resolvedAt) : "ongoing"}`,
    `- **Time to detect:** ${detect === null || !firstDetection ? "nothing on the timeline detected it" : `${detect} min (${firstDetection.kind === "alert" ? "first alert" : "first detection"} at ${utc(firstDetection.at)})`}`,
    `- **Time to resolve:** ${impact !== null ? `${impact} min` : "not resolved yet"}`,
    `- **Workflows affected:** ${incident.workflowIds.join(", ")}`,
  );
  const written = (title: string, items: WrittenItem[], marker: string, bullet: string) => {
    lines.push("", `## ${title}`, "");
    if (items.length === 0) lines.push(`_None written yet: a note that starts with "${marker}" is listed here._`);
    for (const item of items)
      lines.push(`${bullet}${inlineText(item.text)} (${inlineText(item.author ?? "anonymous")}, ${utc(item.at)})`);
  };
  written("Root cause", rootCauseNotes(input.events), "Root cause:", "- ");
  written("Action items", actionItemNotes(input.events), "Action:", "- [ ] ");
  lines.push("", "## Timeline", "");
  if (input.timelineProblems?.length)
    lines.push(`> The timeline may be incomplete: ${input.timelineProblems.join("; ")}.`, "");
  lines.push("| Time (UTC) | Kind | Who | What |", "|---|---|---|---|");
  // Times of day alone are ambiguous once an incident crosses midnight: then show dates too.
  const days = new Set(
    [incident.startedAt, ...input.events.map((event) => event.at)].map((date) => date.toISOString().slice(0, 10)),
  );
  const timeOf = (date: Date) =>
    days.size > 1 ? date.toISOString().slice(0, 19).replace("T", " ") : date.toISOString().slice(11, 19);
  for (const event of input.events) {
    lines.push(
      `| ${timeOf(event.at)} | ${event.kind.replace("_", " ")} | ${cell(event.author ?? "anonymous")} | ${cell(event.body)} |`,
    );
  }
  if (input.events.length === 0) lines.push("| | | | No timeline events recorded. |");
  lines.push("", "## Findings of the checklist", "");
  for (const finding of input.findings) {
    lines.push(
      `### ${finding.workflowName}${finding.snapshotTakenAt ? ` (as of ${utc(finding.snapshotTakenAt)})` : ""}`,
      "",
    );
    for (const step of [...finding.checklist].sort((a, b) => a.order - b.order)) {
      lines.push(`${step.order}. **${step.title}** — ${step.status}`);
      for (const answer of step.answers)
        lines.push(`   - ${inlineText(answer.question)} ${inlineText(answer.answer)} (${answer.status})`);
      if (step.rulesIn.length > 0) lines.push(`   - Rules in: ${inlineText(step.rulesIn.join("; "))}`);
      if (step.rulesOut.length > 0) lines.push(`   - Rules out: ${inlineText(step.rulesOut.join("; "))}`);
    }
    lines.push("");
  }
  if (input.findings.length === 0) lines.push("None.", "");
  lines.push("## Evidence", "");
  for (const link of evidenceLinks(input)) lines.push(`- [${link.label}](${link.url})`);
  lines.push("");
  return lines.join("\n");
}

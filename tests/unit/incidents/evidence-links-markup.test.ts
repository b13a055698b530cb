import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Timeline } from "@/components/incidents/timeline";
import { Checklist } from "@/components/workflow/checklist";
import type { ChecklistStep } from "@/lib/analysis/types";
import { evidenceLink } from "@/lib/incidents/evidence-ref";

// The timeline's evidence links as the browser receives them, and the anchors they land on in
// the snapshot page's checklist. The links come from evidenceLink; these tests check that the
// page renders the ids those links name.

const SNAPSHOT = "9d7e0000-0000-4000-8000-000000000002";
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

const step = (id: ChecklistStep["id"], order: number, title: string): ChecklistStep => ({
  id,
  order,
  title,
  status: "ok",
  checks: [],
  answers: [],
  evidence: [],
  rulesIn: [],
  rulesOut: [],
  next: [],
});
const checklist = [
  step("metrics", 1, "Metrics"),
  step("traces", 2, "Traces"),
  step("logs", 3, "Logs"),
  step("async-path", 4, "The async path"),
];

describe("the timeline's evidence links land on ids the snapshot page renders", () => {
  const event = (id: string, evidenceRef: string | null) => ({
    id,
    at: new Date("2026-11-23T14:40:00Z"),
    kind: "evidence",
    author: "bob",
    body: "Pinned",
    checkId: null,
    snapshotId: SNAPSHOT,
    evidenceRef,
  });
  const timeline = renderToStaticMarkup(
    createElement(Timeline, {
      events: [
        event("a", "panel-depth"),
        event("b", TRACE),
        event("c", "async-path"),
        event("d", null),
        event("e", "bogus"),
      ],
      zone: "utc",
    }),
  );

  it("links each pinned item at its place in the snapshot, saying what it is", () => {
    expect(timeline).toContain(
      `<a class="text-xs underline" href="/snapshots/${SNAPSHOT}#panel-depth">evidence: chart Queue depth</a>`,
    );
    expect(timeline).toContain(
      `href="/snapshots/${SNAPSHOT}?trace=${TRACE}#panel-trace-list">evidence: trace 4bf92f3577b34da6</a>`,
    );
    expect(timeline).toContain(
      `href="/snapshots/${SNAPSHOT}#checklist-async-path">evidence: checklist step async-path</a>`,
    );
    expect(timeline).toContain(`href="/snapshots/${SNAPSHOT}">evidence</a>`);
  });

  it("shows each pinned snapshot as a lazily loaded, sized and described thumbnail of its preview card", () => {
    const images = [...timeline.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(5);
    for (const img of images) {
      expect(img).toContain(`src="/snapshots/${SNAPSHOT}/opengraph-image"`);
      expect(img).toContain('loading="lazy"');
      expect(img).toContain('width="240"');
      expect(img).toContain('height="126"');
    }
    expect(images[0]).toContain('alt="Pinned snapshot (chart Queue depth): workflow, verdict, key numbers and window"');
    expect(images[3]).toContain('alt="Pinned snapshot: workflow, verdict, key numbers and window"');
  });

  it("says when a stored ref cannot be followed", () => {
    expect(timeline).toContain(
      "the pinned item &quot;bogus&quot; is not a chart, trace or checklist step this version knows",
    );
  });

  it("finds every checklist step's anchor in the checklist", () => {
    const html = renderToStaticMarkup(createElement(Checklist, { checklist, checks: [], zone: "utc" }));
    for (const { id } of checklist) {
      const fragment = evidenceLink(SNAPSHOT, id).path.split("#")[1];
      expect(html).toContain(`id="${fragment}"`);
    }
  });
});

import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SnapshotBanner } from "@/components/snapshot/snapshot-banner";
import { TimedText } from "@/components/ui/timed-text";
import { VerdictHeader } from "@/components/workflow/verdict-header";
import { emptyEvidence } from "@/lib/analysis/status";
import type { WorkflowHealth } from "@/lib/analysis/types";

// Check sentences are written on the server with RFC 3339 instants in them; the page shows
// them through the one formatter, in the zone the viewer chose, never as raw ISO text.

const LAST_UP = "2026-11-29T18:35:20.000Z";

const health: WorkflowHealth = {
  workflow: { id: "checkout", name: "Checkout" },
  window: { from: "2026-11-29T18:30:00Z", to: "2026-11-29T18:45:00Z" },
  status: "critical",
  summary: "1 check failing",
  checks: [
    {
      id: "consumers-alive",
      status: "critical",
      title: "Consumers alive",
      summary: `No consumer on orders since ${LAST_UP} (4m 05s)`,
      evidence: emptyEvidence(),
      sources: ["rabbitmq"],
      matters: true,
    },
    {
      id: "log-findings",
      status: "unknown",
      title: "Log findings",
      summary: "",
      reason: `the log store answered nothing after ${LAST_UP}`,
      evidence: emptyEvidence(),
      sources: [],
      matters: false,
    },
  ],
  checklist: [],
  sources: [],
  transitions: [],
};

/** The text a reader sees: tags and attributes (the machine-readable dateTime) dropped. */
const visibleText = (html: string) => html.replace(/<[^>]*>/g, "");

describe("verdict sentences", () => {
  it("show their times in the page's format, inside <time> elements", () => {
    const html = renderToStaticMarkup(createElement(VerdictHeader, { health, zone: "utc" }));
    const text = visibleText(html);
    expect(text).toContain("No consumer on orders since 2026-11-29 18:35:20 UTC (4m 05s)");
    expect(text).toContain("the log store answered nothing after 2026-11-29 18:35:20 UTC");
    expect(text).not.toContain("T18:35:20");
    expect(html).toContain(`<time dateTime="${LAST_UP}">2026-11-29 18:35:20 UTC</time>`);
  });

  it("with Local chosen, the server draws UTC (named) for the browser to redraw in its zone", () => {
    // The server cannot know the browser's zone; hydration must match what it sent.
    const text = visibleText(renderToStaticMarkup(createElement(VerdictHeader, { health, zone: "local" })));
    expect(text).toContain("since 2026-11-29 18:35:20 UTC");
    expect(text).not.toContain("T18:35:20");
  });
});

describe("TimedText", () => {
  it("leaves text without instants as it is", () => {
    expect(renderToStaticMarkup(createElement(TimedText, { text: "all 3 consumers up", zone: "utc" }))).toBe(
      "all 3 consumers up",
    );
  });

  it("marks up every instant of a sentence", () => {
    const html = renderToStaticMarkup(
      createElement(TimedText, { text: "from 2026-11-29T18:35:20Z to 2026-11-29T18:40:00.000Z.", zone: "utc" }),
    );
    expect(visibleText(html)).toBe("from 2026-11-29 18:35:20 UTC to 2026-11-29 18:40:00 UTC.");
    expect(html.match(/<time /g)).toHaveLength(2);
  });
});

describe("SnapshotBanner", () => {
  it("writes its times like the rest of the page", () => {
    const text = visibleText(
      renderToStaticMarkup(
        createElement(SnapshotBanner, {
          takenAt: new Date("2026-11-29T18:50:00Z"),
          windowFrom: new Date("2026-11-29T18:30:00Z"),
          windowTo: new Date("2026-11-29T18:45:00Z"),
          zone: "utc",
        }),
      ),
    );
    expect(text).toContain("taken 2026-11-29 18:50:00 UTC, showing 2026-11-29 18:30:00 UTC → 2026-11-29 18:45:00 UTC");
  });
});

describe("a source's message in the verdict", () => {
  it("is cut to one line with the whole message, times formatted, in its tooltip", () => {
    const withSource: WorkflowHealth = {
      ...health,
      sources: [{ name: "prometheus", status: "degraded", message: `no fresh sample since ${LAST_UP}` }],
    };
    const html = renderToStaticMarkup(createElement(VerdictHeader, { health: withSource, zone: "utc" }));
    expect(html).toContain('title="no fresh sample since 2026-11-29 18:35:20 UTC"');
    expect(visibleText(html)).toContain("no fresh sample since 2026-11-29 18:35:20 UTC");
  });
});

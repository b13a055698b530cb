import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WorkflowActions } from "@/components/incidents/workflow-actions";

// "Share link" as the browser first receives it: the primary action, saying what it gives.

const html = renderToStaticMarkup(
  createElement(WorkflowActions, {
    workflowId: "checkout",
    from: "2026-11-23T14:25:00.000Z",
    to: "2026-11-23T14:40:00.000Z",
    openIncidents: [],
    moreOpenIncidents: null,
    checklist: [],
  }),
);

describe("Share link", () => {
  it("is the filled (primary) button, described by what it gives", () => {
    const button = /<button[^>]*>Share link<\/button>/.exec(html)?.[0] ?? "";
    expect(button).toContain('aria-describedby="share-link-what"');
    expect(button).toContain("bg-sky-700");
    expect(html).toMatch(
      /<span id="share-link-what"[^>]*>Freezes what is on screen: [^<]*after metrics and traces expire/,
    );
  });

  it("has a status line for its progress and result, empty at first", () => {
    expect(html).toMatch(/<p role="status" aria-live="polite"[^>]*><\/p>/);
  });
});

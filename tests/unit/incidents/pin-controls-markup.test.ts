import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WorkflowActions } from "@/components/incidents/workflow-actions";

// The "What to pin" control of a workflow page as the browser first receives it.

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const checklist = [
  { id: "metrics", title: "Metrics" },
  { id: "traces", title: "Traces" },
  { id: "logs", title: "Logs" },
  { id: "async-path", title: "The async path" },
] as const;

const actions = (openTrace?: string, moreOpenIncidents: string | null = null) =>
  renderToStaticMarkup(
    createElement(WorkflowActions, {
      workflowId: "checkout",
      from: "2026-11-23T14:25:00.000Z",
      to: "2026-11-23T14:40:00.000Z",
      openIncidents: [{ id: "6f1c2a4e-0000-4000-8000-000000000001", title: "Orders stuck" }],
      moreOpenIncidents,
      checklist,
      openTrace,
    }),
  );

describe("What to pin", () => {
  it("is a select with a visible label, the whole view chosen, charts and steps in groups", () => {
    const html = actions();
    expect(html).toContain('<label for="pin-what">What to pin</label>');
    expect(html).toMatch(/<select id="pin-what"[^>]*>/);
    expect(html).toContain('<option value="view" selected="">The whole view</option>');
    expect(html).toContain(
      '<optgroup label="Charts"><option value="chart:panel-flows">Publish, ack and backlog per queue</option><option value="chart:panel-throughput">Publish rate vs ack rate</option><option value="chart:panel-depth">Queue depth</option>',
    );
    expect(html).toContain('<optgroup label="Checklist steps"><option value="checklist:metrics">Metrics</option>');
    expect(html).not.toContain("The open trace");
    // The incident select keeps its label: tests/e2e/demo-incident.spec.ts finds it by it.
    expect(html).toContain('<label class="sr-only" for="pin-incident">Incident to add this view to</label>');
  });

  it("offers the trace open on the page", () => {
    expect(actions(TRACE)).toContain(
      '<optgroup label="Trace"><option value="trace">The open trace 4bf92f3577b34da6</option></optgroup>',
    );
  });

  it("offers the next page of open incidents when there is one, and no such button when all are listed", () => {
    expect(actions(undefined, "djE6MTc5NTQ0Mjc4MDAwMDo2ZjFj")).toContain("More open incidents</button>");
    expect(actions()).not.toContain("More open incidents");
  });
});

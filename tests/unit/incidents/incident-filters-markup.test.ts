import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IncidentFilters } from "@/components/incidents/incident-filters";

// The /incidents filters as the browser receives them: a GET form, so the filters live in the
// URL GET /api/incidents reads, showing the filters in force.

const render = (params: Record<string, string>) =>
  renderToStaticMarkup(
    createElement(IncidentFilters, { workflows: [{ id: "checkout", name: "Checkout confirmation" }], params }),
  );

describe("the incident filters", () => {
  it("is a GET form to /incidents with the list's parameter names, showing the values in force", () => {
    const html = render({ status: "open", workflow: "checkout", startedFrom: "2026-11-23" });
    expect(html).toMatch(/^<form [^>]*action="\/incidents" method="get">/);
    for (const name of ["status", "workflow", "startedFrom", "startedTo"]) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('<option value="open" selected="">open (not resolved)</option>');
    expect(html).toContain('<option value="checkout" selected="">Checkout confirmation</option>');
    expect(html).toContain('value="2026-11-23"');
  });

  it("keeps showing a workflow filter for a workflow no longer in the config", () => {
    expect(render({ workflow: "refunds" })).toContain(
      '<option value="refunds" selected="">refunds (not in the config)</option>',
    );
  });
});

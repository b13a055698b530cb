import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DriftNote, type DriftState } from "@/components/workflow/config-drift";

// The workflow page's "config drift" note in each state: information in quiet text, never a
// status colour or an alert role; a failed read says so; drift lists each item with its evidence.

const render = (state: DriftState) => renderToStaticMarkup(createElement(DriftNote, { state }));
const base = { workflowId: "checkout", from: "the live sources, traces of the last 60 minutes", gaps: [] };

describe("DriftNote", () => {
  it("says it is comparing while the drift loads", () => {
    expect(render({ kind: "loading" })).toContain("Config drift: comparing the config with what the traces");
  });

  it("says a failed read failed, quietly", () => {
    const html = render({ kind: "error", message: "Asyncscope API answered 502: Jaeger timed out" });
    expect(html).toContain("Config drift could not be read: Asyncscope API answered 502: Jaeger timed out");
    expect(html).not.toMatch(/role="alert"|status-critical|status-warning/);
  });

  it("is one quiet line when there is no drift, naming what was compared", () => {
    const html = render({ kind: "ready", drift: { ...base, items: [], compared: "850 traces of this flow" } });
    expect(html).toBe(
      '<div role="status" class="flex flex-col gap-1"><p class="text-sm text-muted">No config drift: the config matches 850 traces of this flow (the live sources, traces of the last 60 minutes).</p></div>',
    );
  });

  it("says why drift was not judged, and which source was not read", () => {
    const html = render({
      kind: "ready",
      drift: {
        ...base,
        items: [],
        notJudged: "traces not read (Jaeger: connection refused)",
        gaps: ["broker not read (x)"],
      },
    });
    expect(html).toContain(
      "Config drift not judged from the live sources, traces of the last 60 minutes: traces not read (Jaeger: connection refused).",
    );
    expect(html).toContain('<ul aria-label="Not read for drift"');
    expect(html).toContain("<li>broker not read (x)</li>");
  });

  it("lists each drift with its evidence, as information and not an alarm", () => {
    const html = render({
      kind: "ready",
      drift: {
        ...base,
        compared: "1000 traces of this flow",
        items: [
          {
            kind: "new-consumer",
            subject: "order_confirmed.inventory",
            text: "inventory-service consumes order_confirmed.inventory, and the config does not declare it",
            evidence: [
              "processes order_confirmed.inventory in 1000 of 1000 traces",
              "attached now as inventory-service",
            ],
          },
        ],
      },
    });
    expect(html).toContain('<h2 id="config-drift-title" class="font-medium">Config drift</h2>');
    expect(html).toContain("Information, not an alarm");
    expect(html).toContain(
      '<li><p>inventory-service consumes order_confirmed.inventory, and the config does not declare it</p><p class="text-muted">processes order_confirmed.inventory in 1000 of 1000 traces; attached now as inventory-service</p></li>',
    );
    expect(html).not.toMatch(/role="alert"|status-critical|status-warning/);
  });
});

import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Timeline, type TimelineItem } from "@/components/incidents/timeline";

// Alert events on the incident page as the browser receives them: the text as Alertmanager's
// annotations said it, and the dashboard as a link only when it is a page of this app or an
// http(s) URL (a stored javascript: link, written by hand or by an older version, is not).

const event = (id: string, link: string | null): TimelineItem => ({
  id,
  at: new Date("2026-11-23T14:03:00.123Z"),
  kind: "alert",
  author: "Alertmanager",
  body: "Alert AsyncscopeAcksStopped firing (critical): Checkout confirmation: no ack on order_confirmed.notification for 5m",
  checkId: "acks-progressing",
  snapshotId: null,
  evidenceRef: null,
  link,
});

describe("alert events on the timeline", () => {
  const html = renderToStaticMarkup(
    createElement(Timeline, {
      events: [
        event("a", "/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z"),
        event("b", "https://grafana.example.com/d/asyncscope?var-workflow=checkout"),
        event("c", "javascript:alert(document.cookie)"),
        event("d", null),
      ],
      zone: "utc",
    }),
  );

  it("shows the kind, the author and the alert's text", () => {
    expect(html).toContain(">alert</span>");
    expect(html).toContain(">Alertmanager</span>");
    expect(html).toContain("Alert AsyncscopeAcksStopped firing (critical): Checkout confirmation: no ack on");
  });

  it("links the dashboard: an app path as it is, another site with its host named", () => {
    expect(html).toContain(
      '<a class="text-xs underline" href="/workflows/checkout?from=2026-11-23T13:03:00Z&amp;to=2026-11-23T14:18:00Z">dashboard</a>',
    );
    expect(html).toContain(
      '<a class="text-xs underline" href="https://grafana.example.com/d/asyncscope?var-workflow=checkout" rel="noopener noreferrer">dashboard (grafana.example.com)</a>',
    );
  });

  it("never renders a stored link that fails the rules, and says why there is none", () => {
    expect(html).not.toContain("javascript:");
    expect(html).toContain("(dashboard not shown: not a page of this app or an http(s) URL)");
    expect(html.match(/<a /g)).toHaveLength(2);
  });
});

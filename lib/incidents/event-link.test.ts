import { describe, expect, it } from "vitest";
import { eventLinkProblem, safeEventLink } from "./event-link";

describe("event links (an alert's dashboard)", () => {
  it("keeps paths of this app and http(s) URLs, encoded as a URL carries them", () => {
    expect(safeEventLink("/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z")).toBe(
      "/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z",
    );
    expect(safeEventLink("https://asyncscope.example.com/workflows/checkout?range=1h")).toBe(
      "https://asyncscope.example.com/workflows/checkout?range=1h",
    );
    expect(safeEventLink("http://grafana.corp:3000/d/abc/Bestellungen?var=größe")).toBe(
      "http://grafana.corp:3000/d/abc/Bestellungen?var=gr%C3%B6%C3%9Fe",
    );
  });

  it.each([
    ["javascript:alert(1)", "its scheme javascript: is not http: or https:"],
    ["data:text/html,<script>alert(1)</script>", "its scheme data: is not http: or https:"],
    ["https://alertmanager@evil.example/", "it carries a user name or password"],
    ["java\tscript:alert(1)", "it contains whitespace or a control character"],
    ["//evil.example/workflows/x", "it starts with //, which browsers read as another host"],
    ["/api/incidents", "it does not open a page of this app (/workflows/…, /snapshots/…, /incidents/…)"],
    ["grafana.corp/d/abc", "it is neither a path of this app (/workflows/…) nor an absolute URL"],
    ["", "it is empty"],
  ])("refuses %j: %s", (link, problem) => {
    expect(eventLinkProblem(link)).toBe(problem);
    expect(safeEventLink(link)).toBeUndefined();
  });

  it("renders nothing for a missing link", () => {
    expect(safeEventLink(null)).toBeUndefined();
    expect(safeEventLink(undefined)).toBeUndefined();
  });
});

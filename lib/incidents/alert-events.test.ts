import { describe, expect, it } from "vitest";
import { alert } from "@/tests/support/alertmanager-payload";
import { alertKey, incidentSeverityOf, planAlert, type AlertPlan, type PlannedAlert } from "./alert-events";
import { alertmanagerAlert } from "./alertmanager-schema";
import { parseDerivedKey } from "./timeline";

const NOW = new Date("2026-11-23T15:00:00Z");
const plan = (fields: Parameters<typeof alert>[0] = {}): AlertPlan =>
  planAlert(alertmanagerAlert.parse(alert(fields)), 0, { workflowIds: ["checkout"], now: NOW });
const planned = (fields: Parameters<typeof alert>[0] = {}): PlannedAlert => {
  const result = plan(fields);
  if (!("planned" in result)) throw new Error(`skipped: ${result.skipped.reason}`);
  return result.planned;
};

describe("planAlert", () => {
  it("writes the event as the timeline shows it, timed at the alert's start", () => {
    expect(planned()).toEqual({
      index: 0,
      fingerprint: "3f2a9c0d5e6b7a81",
      alertname: "AsyncscopeAcksStopped",
      status: "firing",
      workflowId: "checkout",
      checkId: "acks-progressing",
      startsAt: new Date("2026-11-23T14:03:00.123Z"),
      at: new Date("2026-11-23T14:03:00.123Z"),
      key: "alertmanager:3f2a9c0d5e6b7a81:1795442580123:firing",
      firingKey: "alertmanager:3f2a9c0d5e6b7a81:1795442580123:firing",
      body:
        "Alert AsyncscopeAcksStopped firing (critical): Checkout confirmation: no ack on order_confirmed.notification for 5m\n" +
        "Messages wait on order_confirmed.notification and nothing acks them; the workflow page says why.",
      link: "https://asyncscope.example.com/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z",
      title: "AsyncscopeAcksStopped: Checkout confirmation: no ack on order_confirmed.notification for 5m",
      severity: "sev2",
      warnings: [],
    });
  });

  it("times a resolution at endsAt, and at now when endsAt is Go's zero time or before the start", () => {
    const resolved = planned({ status: "resolved" });
    expect(resolved.at).toEqual(new Date("2026-11-23T14:41:30.500Z"));
    expect(resolved.key).toBe("alertmanager:3f2a9c0d5e6b7a81:1795442580123:resolved");
    expect(resolved.firingKey).toBe("alertmanager:3f2a9c0d5e6b7a81:1795442580123:firing");
    expect(planned({ status: "resolved", endsAt: "0001-01-01T00:00:00Z" }).at).toEqual(NOW);
    expect(planned({ status: "resolved", endsAt: "2026-11-23T14:00:00Z" }).at).toEqual(NOW);
  });

  it("skips an alert without a configured workflow, or with a start nobody's clock gives", () => {
    expect(plan({ workflow: "refunds" })).toMatchObject({
      skipped: { workflowId: "refunds", reason: 'workflow "refunds" is not in the config (configured: checkout)' },
    });
    expect(plan({ workflow: undefined })).toMatchObject({ skipped: { workflowId: null } });
    expect(plan({ workflow: "" })).toMatchObject({ skipped: { workflowId: null } });
    expect(plan({ startsAt: "2026-11-25T15:00:00Z" })).toMatchObject({
      skipped: { reason: expect.stringContaining("more than a day ahead") },
    });
  });

  it("keeps labels and annotations to size, titles and the head to one line, and drops NUL and bidi overrides", () => {
    const odd = planned({
      alertname: "Acks\nStopped\u202E",
      summary: `line one\r\nline two\u2028${"x".repeat(600)}`,
      description: "first\r\nsecond\u0000\u202Ethird",
    });
    expect(odd.alertname).toBe("Acks Stopped");
    expect(odd.title).not.toMatch(/[\n\r\u2028\u202E]/);
    expect(Array.from(odd.title)).toHaveLength(200);
    expect(odd.body.split("\n")).toEqual([
      expect.stringMatching(/^Alert Acks Stopped firing \(critical\): line one line two x+…$/),
      "first",
      "secondthird",
    ]);
    expect(odd.body).not.toContain("\u0000");
  });

  it("leaves out a check label that is no check id and a dashboard it will not link, saying so", () => {
    const result = planned({ check: "Acks Progressing!", dashboard: "javascript:alert(1)" });
    expect(result).not.toHaveProperty("checkId");
    expect(result).not.toHaveProperty("link");
    expect(result.warnings).toEqual([
      'check label "Acks Progressing!" is not a check id ([a-z0-9-], at most 64); not stored',
      "dashboard annotation not linked: its scheme javascript: is not http: or https:",
    ]);
  });

  it("writes a head alone when the alert has no summary, severity or description", () => {
    const bare = planned({ summary: "", description: "", labels: { severity: "" } });
    expect(bare.body).toBe("Alert AsyncscopeAcksStopped firing");
    expect(bare.title).toBe("AsyncscopeAcksStopped");
    expect(bare.severity).toBe("sev4");
  });
});

describe("keys and severities", () => {
  it("never reads an alert's key as a derived transition's (those are deduplicated by meaning)", () => {
    expect(parseDerivedKey(alertKey("3f2a9c0d5e6b7a81", new Date(1795442580123), "firing"))).toBeUndefined();
  });

  it("maps severity labels to incident severities", () => {
    expect(["critical", "Warning", "info", undefined, "sev1", "SEV4"].map(incidentSeverityOf)).toEqual([
      "sev2",
      "sev3",
      "sev4",
      "sev4",
      "sev1",
      "sev4",
    ]);
  });
});

import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { POST as receive } from "@/app/api/alerts/alertmanager/route";
import { GET as getIncident } from "@/app/api/incidents/[id]/route";
import { proxy } from "@/proxy";
import { alert, notification } from "@/tests/support/alertmanager-payload";
import { jsonRequest, openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// POST /api/alerts/alertmanager as Alertmanager calls it: through proxy.ts (no Origin, no
// Sec-Fetch-Site, JSON), with the bearer token from its receiver's http_config, on the
// config of the e2e smoke test (workflow "checkout") and a throw-away PGlite.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();
const TOKEN = "test-alertmanager-token-0123456789abcdef";
process.env.ASYNCSCOPE_ALERTMANAGER_TOKEN = TOKEN;
process.env.ASYNCSCOPE_ALERTS_OPEN_INCIDENTS = "";

const URL_PATH = "/api/alerts/alertmanager";
const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  receive(jsonRequest(URL_PATH, "POST", body, headers));

describe("authentication", () => {
  it("answers 401 with WWW-Authenticate: Bearer without an Authorization header", async () => {
    const response = await post(notification([alert()]), {});
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="asyncscope"');
    expect(await response.json()).toEqual({ error: "authentication required: send Authorization: Bearer <token>" });
  });

  it("answers 401 for a wrong token, or another scheme, before reading the body", async () => {
    const wrong = await post("{not json", { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="asyncscope", error="invalid_token"');
    expect(await wrong.json()).toEqual({
      error: "the bearer token is not the one in ASYNCSCOPE_ALERTMANAGER_TOKEN",
    });
    const basic = await post(notification([alert()]), {
      authorization: `Basic ${Buffer.from(`alertmanager:${TOKEN}`).toString("base64")}`,
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get("www-authenticate")).toContain("Bearer");
  });
});

describe("bad payloads", () => {
  it("answers 400 for a body that is not JSON", async () => {
    const response = await post('{"version":"4",');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^request body is not valid JSON: /);
  });

  it("answers 422 naming each field that does not fit the webhook format", async () => {
    const payload = notification([
      { ...alert(), status: "pending" as "firing" },
      { ...alert(), fingerprint: "../../etc" },
      { ...alert(), startsAt: "yesterday" },
    ]);
    const response = await post({ ...payload, version: "3" });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: "invalid request",
      issues: [
        {
          path: "version",
          message: 'expected version "4": this endpoint reads Alertmanager\'s webhook format version 4',
        },
        { path: "alerts.0.status", message: 'expected "firing" or "resolved"' },
        {
          path: "alerts.1.fingerprint",
          message: "a fingerprint is 1–64 letters and digits (Alertmanager sends 16 hex digits)",
        },
        { path: "alerts.2.startsAt", message: "expected an RFC 3339 time such as 2026-11-23T14:03:00.000Z" },
      ],
    });
  });

  it("answers 422 for a body without alerts, and for label values that are not strings", async () => {
    const { alerts: _alerts, ...withoutAlerts } = notification([alert()]);
    const missing = await post(withoutAlerts);
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { issues: Array<{ path: string }> }).issues).toEqual([
      { path: "alerts", message: expect.stringContaining("expected array") },
    ]);
    const numeric = await post({ ...notification([]), alerts: [{ ...alert(), labels: { workflow: 7 } }] });
    expect(numeric.status).toBe(422);
    expect(((await numeric.json()) as { issues: unknown[] }).issues).toEqual([
      { path: "alerts.0.labels.workflow", message: "label and annotation values are strings" },
    ]);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const huge = notification([alert({ description: "x".repeat(1024 * 1024) })]);
    const response = await post(huge);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "request body larger than 1024 KiB", limitBytes: 1024 * 1024 });
  });
});

describe("recording", () => {
  it("records a firing alert on a new incident, and the incident API shows it", async () => {
    const response = await post(notification([alert({ fingerprint: "1000000000000001" })]));
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      recorded: number;
      openedIncidents: string[];
      alerts: Array<{ incidentId: string; outcome: string }>;
    };
    expect(result).toMatchObject({ recorded: 1, alreadyRecorded: 0, skipped: 0 });
    const incidentId = result.alerts[0]!.incidentId;
    expect(result.openedIncidents).toEqual([incidentId]);

    const stored = (await (
      await getIncident(new Request(`http://asyncscope.test/api/incidents/${incidentId}`), {
        params: Promise.resolve({ id: incidentId }),
      })
    ).json()) as { incident: { createdBy: string; events: Array<Record<string, unknown>> } };
    expect(stored.incident.createdBy).toBe("Alertmanager");
    expect(stored.incident.events).toEqual([
      expect.objectContaining({
        kind: "alert",
        author: "Alertmanager",
        checkId: "acks-progressing",
        link: "https://asyncscope.example.com/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z",
        body: expect.stringMatching(/^Alert AsyncscopeAcksStopped firing \(critical\): Checkout confirmation: /),
      }),
    ]);

    const again = await post(notification([alert({ fingerprint: "1000000000000001" })]));
    expect(await again.json()).toMatchObject({ recorded: 0, alreadyRecorded: 1, openedIncidents: [] });
  });

  it("answers 200 with what it skipped and why when no alert applies (a retry would change nothing)", async () => {
    const response = await post(notification([alert({ fingerprint: "1000000000000002", workflow: "refunds" })]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      recorded: 0,
      alreadyRecorded: 0,
      skipped: 1,
      openedIncidents: [],
      alerts: [
        {
          fingerprint: "1000000000000002",
          alertname: "AsyncscopeAcksStopped",
          status: "firing",
          workflowId: "refunds",
          outcome: "skipped",
          reason: 'workflow "refunds" is not in the config (configured: checkout)',
        },
      ],
    });
  });
});

describe("proxy.ts", () => {
  // Alertmanager is no browser: no Origin, no Sec-Fetch-* headers, JSON, its own User-Agent.
  const fromAlertmanager = (host: string) =>
    new NextRequest(`http://${host}${URL_PATH}`, {
      method: "POST",
      headers: {
        host,
        "content-type": "application/json",
        "user-agent": "Alertmanager/0.27.0",
        authorization: `Bearer ${TOKEN}`,
      },
      body: JSON.stringify(notification([alert()])),
    });

  it("lets Alertmanager's request through to the route when it addresses the app by a name it answers", () => {
    for (const host of ["127.0.0.1:3000", "10.0.4.2:3000", "localhost:3000"]) {
      const response = proxy(fromAlertmanager(host));
      expect(response.headers.get("x-middleware-next"), host).toBe("1");
    }
  });

  it("answers 421 for a name it does not know (a cluster DNS name), saying what to set", async () => {
    const response = proxy(fromAlertmanager("asyncscope.monitoring.svc:3000"));
    expect(response.status).toBe(421);
    expect(((await response.json()) as { error: string }).error).toContain("ASYNCSCOPE_ALLOWED_ORIGINS");
  });
});

describe("without ASYNCSCOPE_ALERTMANAGER_TOKEN", () => {
  const saved = process.env.ASYNCSCOPE_ALERTMANAGER_TOKEN;
  afterAll(() => {
    process.env.ASYNCSCOPE_ALERTMANAGER_TOKEN = saved;
    vi.resetModules();
  });

  it("refuses every request with 401 and says the endpoint is not configured: never open", async () => {
    // lib/env reads the environment once per module instance: a fresh one sees it unset.
    process.env.ASYNCSCOPE_ALERTMANAGER_TOKEN = "";
    vi.resetModules();
    const { POST: unconfigured } = await import("@/app/api/alerts/alertmanager/route");
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer " },
      { authorization: `Bearer ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const response = await unconfigured(jsonRequest(URL_PATH, "POST", notification([alert()]), headers));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="asyncscope"');
      expect(await response.json()).toEqual({
        error:
          "this endpoint is not configured: set ASYNCSCOPE_ALERTMANAGER_TOKEN on the server (it refuses every request until then)",
      });
    }
  });
});

import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { parse } from "yaml";
import { GET } from "@/app/api/workflows/[id]/alert-rules/route";
import { openDatabaseBeforeTests, pointAtThrowawayDatabase } from "@/tests/support/app-database";

// GET /api/workflows/{id}/alert-rules as the page's panel and a script call it, on the e2e
// config, whose sources point at a closed port: the broker cannot name the dead-letter queues.
pointAtThrowawayDatabase();
openDatabaseBeforeTests();
// The name people use behind the TLS proxy; any other Host is not trusted to build links.
process.env.ASYNCSCOPE_ALLOWED_ORIGINS = "https://ops.example.com";
process.env.ASYNCSCOPE_PUBLIC_URL = "";

function get(id: string, query: string, headers: Record<string, string> = {}) {
  return GET(new NextRequest(`http://asyncscope.test/api/workflows/${id}/alert-rules${query}`, { headers }), {
    params: Promise.resolve({ id }),
  });
}

describe("GET /api/workflows/{id}/alert-rules", () => {
  it("answers the Prometheus rule file, linking to the origin it was asked on", async () => {
    const response = await get("checkout", "?format=prometheus", { host: "ops.example.com" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBeNull();
    const text = await response.text();
    expect(text).toContain("# not a rule: dead-letters:");
    const file = parse(text) as {
      groups: { name: string; rules: { alert: string; annotations: Record<string, string> }[] }[];
    };
    expect(file.groups.map((g) => g.name)).toEqual(["asyncscope-checkout"]);
    const alerts = file.groups[0]!.rules.map((r) => r.alert);
    expect(alerts).toEqual(expect.arrayContaining(["AsyncscopeNoConsumer", "AsyncscopeCheckCritical"]));
    // The unreachable broker is said, in the file and in a header, not skipped in silence.
    expect(alerts).not.toContain("AsyncscopeDeadLettersGrowing");
    expect(decodeURIComponent(response.headers.get("x-asyncscope-export-problems") ?? "")).toMatch(
      /^checkout: the dead-letter queues are not in the config and were not known when exporting \(RabbitMQ did not answer: /,
    );
    expect(file.groups[0]!.rules[0]!.annotations.dashboard).toMatch(
      /^https:\/\/ops\.example\.com\/workflows\/checkout\?from=/,
    );
  });

  it("behind a TLS proxy, links to the configured origin people used, not the server's own address", async () => {
    const response = await get("checkout", "", { host: "ops.example.com", "x-forwarded-proto": "http" });
    expect(await response.text()).toContain("runbook_url: https://ops.example.com/workflows/checkout#check-");
  });

  it("links to paths, and says why in the problems header, for a Host nobody configured", async () => {
    const response = await get("checkout", "", { host: "evil.example", "x-forwarded-proto": "https" });
    const text = await response.text();
    expect(text).toContain("runbook_url: /workflows/checkout#check-");
    expect(text).not.toContain("evil.example");
    expect(decodeURIComponent(response.headers.get("x-asyncscope-export-problems") ?? "")).toContain(
      'links are paths without a host: ASYNCSCOPE_PUBLIC_URL is unset and the Host "evil.example" is not one of ASYNCSCOPE_ALLOWED_ORIGINS',
    );
  });

  it("answers Grafana provisioning as a download, with the data source asked for", async () => {
    const response = await get("checkout", "?format=grafana&download=1&datasourceUid=prom_1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="asyncscope-checkout-grafana-rules.yml"',
    );
    const file = parse(await response.text()) as {
      apiVersion: number;
      groups: { rules: { data: { datasourceUid: string }[] }[] }[];
    };
    expect(file.apiVersion).toBe(1);
    expect(file.groups[0]!.rules[0]!.data[0]!.datasourceUid).toBe("prom_1");
  });

  it.each([
    ["?format=alertmanager", "format", 'format: expected one of prometheus, grafana, got "alertmanager"'],
    ["?format=grafana&datasourceUid=a%20b", "datasourceUid", "datasourceUid: expected 1–40 letters, digits, - or _"],
  ])("refuses %s with 400 naming the parameter", async (query, parameter, error) => {
    const response = await get("checkout", query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error, parameter });
  });

  it("answers 404 for a workflow not in the config", async () => {
    const response = await get("refunds", "");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain('no workflow "refunds"');
  });
});

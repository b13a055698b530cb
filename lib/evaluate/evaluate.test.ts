// Source failures end to end, through real HTTP: a RabbitMQ that answers 401, a Prometheus,
// a Jaeger and a log store whose ports refuse connections. The checks that need them must say unknown with the
// reason, the verdict must not be ok, and nothing may throw.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleCheckoutText } from "@/tests/support/example-checkout";
import { loopback, sendJson, type Loopback } from "@/tests/unit/sources/support/loopback";

/** A port nothing listens on (bound, then released). */
async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let rabbit: Loopback;
let configFile: string;

beforeAll(async () => {
  rabbit = await loopback((_req, res) => sendJson(res, 401, { error: "not_authorised", reason: "Login failed" }));
  const promPort = await refusedPort();
  const jaegerPort = await refusedPort();
  const logsPort = await refusedPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asyncscope-eval-"));
  configFile = path.join(dir, "asyncscope.yaml");
  const example = exampleCheckoutText();
  fs.writeFileSync(
    configFile,
    example
      .replace("url: http://127.0.0.1:9090", `url: http://127.0.0.1:${promPort}`)
      .replace("url: http://127.0.0.1:16686", `url: http://127.0.0.1:${jaegerPort}`)
      // Not the lab's VictoriaLogs port: with the lab up, the test would read its logs.
      .replace("url: http://127.0.0.1:9428", `url: http://127.0.0.1:${logsPort}`)
      .replace("managementUrl: http://127.0.0.1:15672", `managementUrl: ${rabbit.url}`)
      .replaceAll("timeoutMs: 5000", "timeoutMs: 1000"),
  );
  // The route handlers read the process config; point it at the file before anything loads it.
  process.env.ASYNCSCOPE_CONFIG = configFile;
});

afterAll(async () => {
  await rabbit.close();
});

describe("every source failing", () => {
  it("gives unknown checks with the reasons and a verdict that is not ok", async () => {
    const { workflowHealth } = await import("@/lib/view/health");
    const health = await workflowHealth("checkout", { fromMs: Date.now() - 15 * 60_000, toMs: Date.now() });
    expect(health.status).toBe("unknown");
    const byId = Object.fromEntries(health.checks.map((c) => [c.id, c]));
    expect(byId["unexpected-consumers"]!.reason).toContain("401 from RabbitMQ");
    expect(byId["unexpected-consumers"]!.reason).toContain("RABBITMQ_USER/RABBITMQ_PASSWORD");
    expect(byId["acks-progressing"]!.reason).toContain("Prometheus refused the connection");
    expect(byId["trace-completeness"]!.reason).toContain("Jaeger refused the connection");
    for (const check of health.checks.filter((c) => c.matters)) expect(check.status, check.id).toBe("unknown");
    expect(health.sources.map((s) => [s.name, s.status])).toEqual([
      ["prometheus", "down"],
      ["jaeger", "down"],
      ["rabbitmq", "down"],
      ["logs", "down"],
    ]);
    // Credentials are wrong: asking again would not help, so no request was retried.
    const paths = rabbit.requests.map((r) => r.split("?")[0]);
    expect(new Set(paths).size).toBe(paths.length);
    // One read per declared queue (read by name), consumers and connections; nothing more.
    expect(paths.length).toBeLessThanOrEqual(5);
  });
});

describe("GET /api/workflows/{id}/health", () => {
  const call = async (url: string, id = "checkout") => {
    const { GET } = await import("@/app/api/workflows/[id]/health/route");
    const { NextRequest } = await import("next/server");
    return GET(new NextRequest(url), { params: Promise.resolve({ id }) });
  };

  it("404 with a message for an unknown id", async () => {
    const res = await call("http://app.test/api/workflows/nope/health", "nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no workflow "nope" in the config (known: checkout)' });
  });

  it("400 naming the parameter for a bad time", async () => {
    const res = await call("http://app.test/api/workflows/checkout/health?from=yesterday");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ parameter: "from" });
  });

  it("400 for a reversed window", async () => {
    const res = await call(
      "http://app.test/api/workflows/checkout/health?from=2026-11-23T19:10:00Z&to=2026-11-23T19:00:00Z",
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; parameter: string };
    expect(body.parameter).toBe("to");
    expect(body.error).toBe("to: must be after from");
  });

  it("200 with the documented shape, even with every source down", async () => {
    const res = await call(
      "http://app.test/api/workflows/checkout/health?from=2026-11-23T19:00:00Z&to=2026-11-23T19:15:00Z",
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "checklist",
      "checks",
      "sources",
      "status",
      "summary",
      "transitions",
      "window",
      "workflow",
    ]);
    expect(body.window).toEqual({ from: "2026-11-23T19:00:00.000Z", to: "2026-11-23T19:15:00.000Z" });
    expect(body.workflow).toEqual({ id: "checkout", name: "Checkout confirmation" });
    expect(body.status).toBe("unknown");
  });
});

describe("GET /api/workflows", () => {
  it("lists every workflow with a status and a summary", async () => {
    const { GET } = await import("@/app/api/workflows/route");
    const res = await GET();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { workflows: Array<Record<string, string>> };
    expect(body.workflows).toHaveLength(1);
    expect(body.workflows[0]).toMatchObject({ id: "checkout", name: "Checkout confirmation", status: "unknown" });
    expect(body.workflows[0]!.summary).toContain("Nothing could be judged:");
  });
});

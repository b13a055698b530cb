// A failed source never produces ok, against the live lab: Prometheus stopped (a port that
// refuses), Jaeger stopped, RabbitMQ with the wrong password. The other sources are the real
// lab ones; the dependent checks must be unknown with the reason, and the verdict not ok.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { evaluate as evaluateWith } from "@/lib/evaluate";
import { presentHealth } from "@/lib/view/health";
import { createSources } from "@/lib/sources/registry";
import { labExampleConfigPath } from "../../lab/example-config";

async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function config(env: Record<string, string> = {}): AsyncscopeConfig {
  return loadConfigFile(labExampleConfigPath(), {
    ...process.env,
    RABBITMQ_USER: "guest",
    RABBITMQ_PASSWORD: "guest",
    ...env,
  });
}

async function evaluate(cfg: AsyncscopeConfig) {
  const now = Date.now();
  const evaluation = await evaluateWith(
    cfg.workflows[0]!,
    { fromMs: now - 5 * 60_000, toMs: now },
    { config: cfg, sources: createSources(cfg.sources) },
  );
  return presentHealth(evaluation, cfg);
}

describe("source failures against the lab", () => {
  it("Prometheus stopped: metric checks unknown with the reason, verdict not ok", async () => {
    const base = config();
    const cfg = {
      ...base,
      sources: {
        ...base.sources,
        prometheus: { ...base.sources.prometheus!, url: await refusedUrl(), timeoutMs: 1000 },
      },
    };
    const health = await evaluate(cfg);
    expect(health.status).not.toBe("ok");
    for (const id of ["acks-progressing", "throughput-balance", "backlog", "redeliveries"]) {
      const check = health.checks.find((c) => c.id === id)!;
      expect(check.status, id).toBe("unknown");
      expect(check.reason, id).toMatch(/Prometheus refused the connection/);
    }
    expect(health.sources.find((s) => s.name === "prometheus")!.status).toBe("down");
    expect(health.sources.find((s) => s.name === "rabbitmq")!.status).toBe("ok");
  });

  it("Jaeger stopped: trace checks unknown with the reason, verdict not ok", async () => {
    const base = config();
    const cfg = {
      ...base,
      sources: { ...base.sources, jaeger: { ...base.sources.jaeger!, url: await refusedUrl(), timeoutMs: 1000 } },
    };
    const health = await evaluate(cfg);
    expect(health.status).not.toBe("ok");
    for (const id of ["trace-completeness", "orphan-publishes"]) {
      const check = health.checks.find((c) => c.id === id)!;
      expect(check.status, id).toBe("unknown");
      expect(check.reason, id).toMatch(/Jaeger refused the connection/);
    }
  });

  it("RabbitMQ with the wrong password: broker checks unknown with the 401 reason, verdict not ok", async () => {
    const health = await evaluate(config({ RABBITMQ_PASSWORD: "not-the-password" }));
    expect(health.status).not.toBe("ok");
    const check = health.checks.find((c) => c.id === "unexpected-consumers")!;
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain("401 from RabbitMQ");
    expect(health.sources.find((s) => s.name === "rabbitmq")).toMatchObject({ status: "down" });
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { SourceStatus } from "@/lib/domain/source";

const statuses: SourceStatus[] = [
  {
    name: "prometheus",
    status: "ok",
    message: "Prometheus 2.42.0 answers",
    latencyMs: 4,
    version: "2.42.0",
    url: "http://127.0.0.1:9090",
  },
  {
    name: "rabbitmq",
    status: "down",
    message: "401 from RabbitMQ at http://127.0.0.1:15672/api/overview: check RABBITMQ_USER/RABBITMQ_PASSWORD",
    latencyMs: 12,
    lastError: { kind: "http", message: "401 from RabbitMQ …", atMs: Date.now() - 5_000 },
    url: "http://127.0.0.1:15672",
  },
  { name: "jaeger", status: "unconfigured", message: "not configured: add sources.jaeger to asyncscope.yaml" },
];

vi.mock("next/server", () => ({ connection: async () => undefined }));
vi.mock("@/lib/sources/registry", () => ({ sourceStatuses: async () => statuses }));

describe("/sources page", () => {
  it("shows each source with status, message, latency, version and last error", async () => {
    const { default: SourcesPage } = await import("@/app/sources/page");
    const html = renderToStaticMarkup(await SourcesPage());
    expect(html).toContain("Prometheus 2.42.0 answers");
    expect(html).toContain("4 ms");
    expect(html).toContain("2.42.0");
    expect(html).toContain("check RABBITMQ_USER/RABBITMQ_PASSWORD");
    expect(html).toMatch(/<p[^>]*role="alert"[^>]*>401 from RabbitMQ/);
    expect(html).toContain("5 s ago");
    expect(html).toContain("not configured: add sources.jaeger");
    expect(html).toContain("none since the app started");
  });
});

import { describe, expect, it } from "vitest";
import type { WorkflowSignals } from "@/lib/analysis/types";
import { compactSignals } from "./compact";

describe("compactSignals", () => {
  it("keeps service identity and drops the process noise repeated on every span", () => {
    const span = {
      traceId: "t1",
      spanId: "s1",
      name: "publish orders",
      kind: "producer",
      service: "order-service",
      startUs: 1,
      durationUs: 2,
      attributes: { "messaging.system": { type: "string", value: "rabbitmq" } },
      resource: {
        "service.name": { type: "string", value: "order-service" },
        "host.name": { type: "string", value: "vm" },
        "process.command_args": { type: "array", value: [{ type: "string", value: "/usr/bin/node" }] },
      },
    };
    const signals = {
      version: 1,
      workflowId: "checkout",
      traces: {
        ok: true,
        value: { traces: [{ traceId: "t1", spans: [span], warnings: [] }], limit: 10, truncated: false, warnings: [] },
      },
    } as unknown as WorkflowSignals;
    const compacted = compactSignals(signals);
    if (!compacted.traces.ok) throw new Error("expected traces");
    const kept = compacted.traces.value.traces[0]?.spans[0];
    expect(Object.keys(kept?.resource ?? {})).toEqual(["service.name", "host.name"]);
    expect(kept?.attributes).toEqual(span.attributes);
    expect(Object.keys(span.resource)).toHaveLength(3); // input untouched
  });

  it("leaves a failed trace fetch as it was", () => {
    const failed = { traces: { ok: false, source: "jaeger", reason: "refused" } } as unknown as WorkflowSignals;
    expect(compactSignals(failed)).toBe(failed);
  });
});

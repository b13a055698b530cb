import { describe, expect, it } from "vitest";
import { makeWorkflow } from "@/lib/analysis/testing";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { assertKnownWorkflows } from "./known-workflows";
import { InvalidIncidentChangeError } from "./lifecycle";

const config = { workflows: [makeWorkflow()] } as unknown as AsyncscopeConfig;

describe("assertKnownWorkflows", () => {
  it("accepts configured workflow ids", () => {
    expect(() => assertKnownWorkflows(["checkout"], config)).not.toThrow();
  });

  it("names the unknown ids and the configured ones", () => {
    expect(() => assertKnownWorkflows(["checkout", "refunds", "payouts"], config)).toThrow(
      "unknown workflows refunds, payouts; configured: checkout",
    );
    expect(() => assertKnownWorkflows(["refunds"], config, "workflowId")).toThrow(InvalidIncidentChangeError);
  });
});

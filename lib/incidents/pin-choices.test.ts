import { describe, expect, it } from "vitest";
import { pinChoices } from "./pin-choices";
import { pinItem } from "./schemas";

const base = {
  workflowId: "checkout",
  from: "2026-11-23T14:25:00.000Z",
  to: "2026-11-23T14:40:00.000Z",
  checklist: [
    { id: "metrics", title: "Metrics" },
    { id: "async-path", title: "The async path" },
  ] as const,
};

describe("pinChoices: what a workflow page offers to pin", () => {
  it("offers the whole view, each chart panel and each checklist step, in page order", () => {
    expect(pinChoices(base).map((choice) => [choice.value, choice.text])).toEqual([
      ["view", "The whole view"],
      ["chart:panel-flows", "Publish, ack and backlog per queue"],
      ["chart:panel-throughput", "Publish rate vs ack rate"],
      ["chart:panel-depth", "Queue depth"],
      ["chart:panel-age", "Oldest message and time to drain"],
      ["chart:panel-consumers", "Consumers over time"],
      ["chart:panel-dlq", "Dead-letter queues"],
      ["checklist:metrics", "Metrics"],
      ["checklist:async-path", "The async path"],
    ]);
  });

  it("pins a chart by its panel id and a step by its id, and says what was pinned", () => {
    const choices = pinChoices(base);
    expect(choices.find((choice) => choice.value === "chart:panel-depth")).toMatchObject({
      item: { type: "chart", ref: "panel-depth", label: "Queue depth" },
      description: "the chart “Queue depth”",
    });
    expect(choices.find((choice) => choice.value === "checklist:async-path")).toMatchObject({
      item: { type: "checklist", ref: "async-path", label: "The async path" },
      description: "the checklist step “The async path”",
    });
    expect(choices[0]).toMatchObject({
      item: { type: "view", label: "checkout 2026-11-23T14:25:00.000Z → 2026-11-23T14:40:00.000Z" },
      description: "the whole view",
    });
  });

  it("offers the open trace, by the 32-digit id the sources use", () => {
    const full = pinChoices({ ...base, openTrace: "4bf92f3577b34da6a3ce929d0e0e4736" }).at(-1);
    expect(full).toMatchObject({
      value: "trace",
      text: "The open trace 4bf92f3577b34da6",
      item: { type: "trace", ref: "4bf92f3577b34da6a3ce929d0e0e4736" },
      description: "trace 4bf92f3577b34da6",
    });
    // Jaeger v1 sends 64-bit ids as 16 digits; the sources pad them (lib/sources/jaeger/ids.ts).
    expect(pinChoices({ ...base, openTrace: "a3ce929d0e0e4736" }).at(-1)?.item).toMatchObject({
      ref: "0000000000000000a3ce929d0e0e4736",
    });
    expect(pinChoices(base).some((choice) => choice.item.type === "trace")).toBe(false);
  });

  it("gives only items the pin API accepts", () => {
    for (const choice of pinChoices({ ...base, openTrace: "a3ce929d0e0e4736" }))
      expect(pinItem.safeParse(choice.item).success).toBe(true);
  });
});

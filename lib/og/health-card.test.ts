// The link preview of each demo recording as a snapshot or share link draws it (the stored
// entry: its config, signals and verdict as judged then). The issue found the DLQ incident's
// card saying "0 messages waiting · 2 consumers" with hundreds of messages in its DLQs, "3 checks
// failing" for mixed severities, and the stolen-messages card hiding the thief.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { readBundleFile } from "@/lib/sources/recording/file";
import { workflowPreview } from "./health-card";

const config = loadConfigFile(path.resolve(import.meta.dirname, "../../demo/asyncscope.demo.yaml"), {});

function card(id: string) {
  const entry = readBundleFile(config.workflows.find((w) => w.id === id)!.replay!.bundle).workflows[0]!;
  return workflowPreview(entry, "Snapshot", "window");
}

const number = (c: ReturnType<typeof card>, label: string) => c.numbers.find((n) => n.label === label)?.value;

describe("workflow link preview of the demo recordings", () => {
  it("poison messages: the DLQ depth, and the checks counted by severity", () => {
    const c = card("checkout-dlq-growth");
    expect(number(c, "messages waiting")).toBe("0");
    expect(number(c, "in dead-letter queues")).toBe("316");
    expect(c.counts).toMatch(/^\d+ critical · \d+ warnings?$/);
    expect(c.alert).toBeUndefined();
  });

  it("stolen messages: names the undeclared consumer and counts it against the declared", () => {
    const c = card("checkout-stolen-messages");
    expect(c.alert).toBe("Undeclared consumer: website-counter on order_confirmed.inventory");
    expect(number(c, "consumers / declared")).toBe("3/2");
  });

  it("consumer crash loop: one consumer of the two declared, and the backlog", () => {
    const c = card("checkout-crashloop");
    expect(number(c, "consumers / declared")).toBe("1/2");
    expect(number(c, "messages waiting")).toBe("951");
  });

  it("a broker that did not answer: no data, never 0", () => {
    const entry = readBundleFile(config.workflows.find((w) => w.id === "checkout-dlq-growth")!.replay!.bundle)
      .workflows[0]!;
    const failed = { ...entry.signals, state: { ok: false as const, source: "rabbitmq", reason: "down" } };
    const c = workflowPreview({ ...entry, signals: failed }, "Snapshot", "window");
    expect(number(c, "in dead-letter queues")).toBe("no data");
  });
});

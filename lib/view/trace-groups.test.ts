import { describe, expect, it } from "vitest";
import type { TraceFacts } from "@/lib/analysis/trace-facts";
import { groupTraces } from "./trace-groups";

const facts = (init: Partial<TraceFacts> & Pick<TraceFacts, "traceId" | "startMs">): TraceFacts => ({
  rootType: "order-service: POST /checkout",
  judged: true,
  missing: [],
  orphans: [],
  drops: [],
  skew: [],
  consumersJudged: 1,
  ...init,
});

const skew = (traceId: string, offsetMs: number): TraceFacts["skew"][number] => ({
  kind: "negative-queue-wait",
  services: "order-service → inventory-service",
  offsetMs,
  traceId,
  spanId: `s-${traceId}`,
  text: `inventory-service "process" starts ${-offsetMs} ms before order-service published it`,
});

describe("groupTraces", () => {
  it("groups by status, missing spans and kind of finding, not by the trace's own numbers", () => {
    const groups = groupTraces(
      [
        facts({ traceId: "a", startMs: 1000, missing: ["inv/stock.update"] }),
        facts({ traceId: "b", startMs: 3000, missing: ["inv/stock.update"] }),
        facts({ traceId: "c", startMs: 2000, missing: ["inv/stock.update"] }),
        facts({ traceId: "d", startMs: 1500, skew: [skew("d", -1200)] }),
        facts({ traceId: "e", startMs: 1600, skew: [skew("e", -4000)] }),
        facts({ traceId: "f", startMs: 1700 }),
        facts({ traceId: "g", startMs: 1800, missing: ["inv/stock.update", "inv/process"] }),
      ],
      { examples: 2 },
    );
    expect(groups.map((g) => [g.status, g.count, g.missing, g.examples, g.firstMs, g.lastMs])).toEqual([
      ["incomplete", 3, ["inv/stock.update"], ["b", "c"], 1000, 3000],
      ["incomplete", 1, ["inv/stock.update", "inv/process"], ["g"], 1800, 1800],
      ["finding", 2, [], ["e", "d"], 1500, 1600],
      ["complete", 1, [], ["f"], 1700, 1700],
    ]);
    expect(groups[2]!.findings).toEqual([
      "clock skew (consumer before its producer): order-service → inventory-service",
    ]);
  });

  it("gives a group the same key on every refresh while its pattern holds", () => {
    const one = groupTraces([facts({ traceId: "a", startMs: 1, missing: ["x/y"] })], { examples: 5 });
    const two = groupTraces([facts({ traceId: "z", startMs: 9, missing: ["x/y"] })], { examples: 5 });
    expect(one[0]!.key).toBe(two[0]!.key);
  });
});

import { describe, expect, it } from "vitest";
import type { Trace } from "@/lib/domain/trace";
import { traceFacts } from "./trace-facts";
import { clockSkew, orphanPublishes, silentDrops, traceCompleteness, type TraceCheckInput } from "./trace-checks";
import {
  MIN,
  Q,
  T0,
  type CheckoutShape,
  checkoutTraces,
  healthySignals,
  makeSpan,
  makeWorkflow,
  ok,
  sampled,
} from "./testing";

const workflow = makeWorkflow();
const FROM = T0;
const TO = T0 + 15 * MIN;

/** n checkouts spread over the first 14 minutes of the window (all past the 30 s grace). */
function many(n: number, shape: (i: number) => Omit<CheckoutShape, "startMs">): Trace[] {
  return Array.from({ length: n }, (_, i) =>
    checkoutTraces({ startMs: FROM + Math.floor((i * 14 * MIN) / n), ...shape(i) }),
  ).flat();
}

function input(traces: Trace[], extra: Partial<TraceCheckInput> = {}): TraceCheckInput {
  const signals = healthySignals({ traces });
  return {
    workflow,
    traces: signals.traces,
    facts: traceFacts(traces, { workflow, atMs: TO }),
    fromMs: FROM,
    atMs: TO,
    drops: signals.history.drops,
    seriesLimitMs: 60_000,
    ...extra,
  };
}

describe("trace-completeness", () => {
  it("follows span links across trace ids: link-only consumers still make a complete trace", () => {
    // trace A: POST /checkout → publish orders
    // trace B: process …notification  ──link──▶ publish orders (A)
    // trace C: process …inventory → stock.update  ──link──▶ publish orders (A)
    const traces = many(40, () => ({ linkOnly: true }));
    expect(new Set(traces.map((t) => t.traceId)).size).toBe(120);
    const check = traceCompleteness(input(traces));
    expect(check.status).toBe("ok");
    expect(check.evidence.items[0]!.values).toMatchObject({ traces: 40, complete: 40, share: 1 });
  });

  it("critical with the missing span named, a confidence interval and example trace ids", () => {
    const traces = many(100, (i) => ({ notification: i % 5 !== 0 })); // 80% complete
    const check = traceCompleteness(input(traces));
    expect(check.status).toBe("critical");
    const values = check.evidence.items[0]!.values;
    expect(values).toMatchObject({ traces: 100, complete: 80, share: 0.8 });
    expect(values.ciHigh as number).toBeLessThan(0.95);
    expect(values.ciLow as number).toBeGreaterThan(0.7);
    expect(check.summary).toContain("missing most: notification-service/process order_confirmed.notification in 20");
    expect(check.evidence.traceIds).toHaveLength(5);
  });

  it("warning when the share is below the threshold but the interval still reaches it", () => {
    const traces = many(30, (i) => ({ notification: i !== 0 })); // 29/30 = 96.7%: above 95%
    const worse = many(30, (i) => ({ notification: i > 1 })); // 28/30 = 93.3%, CI up to ~98%
    expect(traceCompleteness(input(traces)).status).toBe("ok");
    expect(traceCompleteness(input(worse)).status).toBe("warning");
  });

  it("says too few traces instead of a percentage", () => {
    const check = traceCompleteness(input(many(4, () => ({}))));
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain(
      "Too few traces to judge order-service: POST /checkout: 4 of 4 complete (need at least 10)",
    );
  });

  it("does not judge traces still inside the grace period", () => {
    // Ten checkouts in the last 20 s, every consumer still to come.
    const fresh = Array.from({ length: 10 }, (_, i) =>
      checkoutTraces({ startMs: TO - 20_000 + i * 1000, notification: false, inventory: false }),
    ).flat();
    const check = traceCompleteness(input([...many(20, () => ({})), ...fresh]));
    expect(check.status).toBe("ok");
    expect(check.evidence.items[0]!.values.traces).toBe(20);
  });

  it("unknown with Jaeger's reason when the traces could not be read", () => {
    const check = traceCompleteness({
      ...input([]),
      traces: { ok: false, source: "jaeger", reason: "Jaeger refused the connection" },
    });
    expect(check).toMatchObject({ status: "unknown", reason: "Jaeger refused the connection" });
  });
});

describe("orphan-publishes", () => {
  it("per destination, with example trace ids: the crash-looping notification consumer", () => {
    // publish orders ──▶ inventory ✓
    //                └─▶ notification ✗ (never consumed)
    const traces = many(50, () => ({ notification: false }));
    const check = orphanPublishes(input(traces));
    expect(check.status).toBe("critical");
    expect(check.evidence.items.map((i) => i.subject)).toEqual([Q.notification]);
    expect(check.evidence.items[0]!.values).toMatchObject({ orphans: 50, traces: 50 });
    expect(check.evidence.traceIds.length).toBe(5);
  });

  it("ok when every publish was consumed", () => {
    expect(orphanPublishes(input(many(20, () => ({})))).status).toBe("ok");
  });

  it("a rare orphan is a warning, not an outage", () => {
    expect(orphanPublishes(input(many(100, (i) => ({ inventory: i !== 3 })))).status).toBe("warning");
  });
});

describe("silent-drops", () => {
  it("a consumer span that ends OK without stock.update is a silent drop", () => {
    const traces = many(40, (i) => ({ stockUpdate: i % 3 !== 0 }));
    const check = silentDrops(input(traces));
    expect(check.status).toBe("critical");
    expect(check.summary).toContain(
      "14 messages processed by inventory-service/process order_confirmed.inventory ended OK without inventory-service/stock.update",
    );
    expect(check.evidence.traceIds.length).toBeGreaterThan(0);
  });

  it("a consumer that failed visibly (error status) is not a silent drop", () => {
    expect(silentDrops(input(many(40, (i) => ({ inventoryError: i % 3 === 0 })))).status).toBe("ok");
  });

  it("a drop counter above zero is a finding", () => {
    const drops = ok([
      sampled({ counter: "lab_messages_dropped_total" }, FROM, TO, 15_000, (t) => (t > 10 * MIN ? 2 : 0)),
    ]);
    const check = silentDrops(
      input(
        many(20, () => ({})),
        { drops },
      ),
    );
    expect(check.status).toBe("warning");
    expect(check.summary).toMatch(/lab_messages_dropped_total counted \d+ deliberate drops/);
  });

  it("a drop counter with no data is not zero", () => {
    const check = silentDrops(
      input(
        many(20, () => ({})),
        { drops: ok([]) },
      ),
    );
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain("no data for drop counter lab_messages_dropped_total");
  });
});

describe("clock-skew", () => {
  it("reports a negative queue wait beyond the tolerance, without correcting it", () => {
    // order-service  publish ────────▶ 19:00:00.005
    // inventory      process ◀── 19:59:55.030 (clock 5 s behind)
    const traces = many(20, () => ({ inventorySkewMs: -5000 }));
    const check = clockSkew(input(traces));
    expect(check.status).toBe("warning");
    expect(check.summary).toContain(
      'inventory-service "process order_confirmed.inventory" starts 4980 ms before order-service published it',
    );
    expect(check.evidence.items[0]!.subject).toBe("negative-queue-wait: order-service → inventory-service");
  });

  it("stays quiet within the tolerance", () => {
    expect(clockSkew(input(many(20, () => ({ inventorySkewMs: -500 })))).status).toBe("ok");
  });

  it("surfaces Jaeger's adjustment warnings", () => {
    const traces = many(12, () => ({}));
    traces[0]!.spans[1]!.warnings = ["This span's timestamps were adjusted by 2.1s"];
    expect(clockSkew(input(traces)).summary).toContain('Jaeger adjusted order-service "publish orders"');
  });

  it("leaves alone Jaeger's warning that it skipped the adjustment for a missing parent", () => {
    // Seen on the lab under CPU load: the consumer span was stored before its producer span.
    const traces = many(12, () => ({}));
    traces[0]!.spans[2]!.warnings = [
      "parent span ID=2bdf35713ca78bd6 is not in the trace; skipping clock skew adjustment",
    ];
    traces[1]!.spans[2]!.warnings = ["invalid parent span IDs=851628afc07999a9; skipping clock skew adjustment"];
    expect(clockSkew(input(traces)).status).toBe("ok");
  });

  it("finds a child starting before its parent", () => {
    const traces = many(12, () => ({}));
    const root = traces[0]!.spans[0]!;
    traces[0]!.spans.push(
      makeSpan({
        traceId: root.traceId,
        parentSpanId: root.spanId,
        name: "db.query",
        service: "order-service",
        startMs: root.startUs / 1000 - 3000,
      }),
    );
    expect(clockSkew(input(traces)).evidence.items[0]!.subject).toBe(
      "child-before-parent: order-service → order-service",
    );
  });
});

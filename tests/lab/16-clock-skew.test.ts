// Seed 002: servers disagree on time. With inventory-service's clock 5 s behind, its consumer
// span starts before the producer span that caused it, and Jaeger (max_clock_skew_adjust: 0)
// passes the timestamps through unmodified.
import { afterAll, describe, expect, it } from "vitest";
import { byTrace, jaegerSpans, labOk, sleep, waitUntil } from "./helpers";

const ms = (nanos: string) => Number(BigInt(nanos) / 1_000_000n);

/** publish start − process start, for checkouts published after `publishedAfter` (epoch ms). */
async function consumerLeadMs(publishedAfter: number): Promise<number[]> {
  // The search window reaches back past the skew, or Jaeger would not match the shifted spans.
  const spans = await jaegerSpans("inventory-service", Date.now() - publishedAfter + 10_000);
  const leads: number[] = [];
  for (const t of byTrace(spans).values()) {
    const pub = t.find((s) => s.name === "publish orders");
    const proc = t.find((s) => s.name === "process order_confirmed.inventory");
    if (pub && proc && ms(pub.startTimeUnixNano) > publishedAfter)
      leads.push(ms(pub.startTimeUnixNano) - ms(proc.startTimeUnixNano));
  }
  return leads;
}

describe("fault clock-skew", () => {
  afterAll(async () => {
    await labOk("fault", "clock-skew", "off");
  });

  it("shifts inventory-service's span timestamps: the consumer starts ~5 s before its producer", async () => {
    await labOk("fault", "clock-skew", "on", "--service", "inventory-service", "--offset-ms", "-5000");
    const since = Date.now(); // the skewed instance is consuming from here on
    const leads = await waitUntil(
      "skewed traces",
      async () => {
        const l = await consumerLeadMs(since);
        return l.length >= 10 ? l : undefined;
      },
      30_000,
      2000,
    );
    // lead = 5 s skew − real time in the queue; unskewed, the consumer never starts first.
    for (const lead of leads) {
      expect(lead).toBeGreaterThan(2000);
      expect(lead).toBeLessThanOrEqual(5100);
    }
    const median = [...leads].sort((a, b) => a - b)[Math.floor(leads.length / 2)]!;
    expect(median).toBeGreaterThan(4000);
  });

  it("returns to normal ordering when the fault is off", async () => {
    await labOk("fault", "clock-skew", "off");
    const since = Date.now();
    await sleep(6000);
    const leads = await consumerLeadMs(since);
    expect(leads.length).toBeGreaterThan(5);
    expect(
      leads.every((x) => x <= 0),
      JSON.stringify(leads.slice(0, 10)),
    ).toBe(true);
  });
});

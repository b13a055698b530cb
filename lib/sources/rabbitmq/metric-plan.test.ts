import { describe, expect, it } from "vitest";
import { rabbitDestinationSchema } from "./config";
import { rabbitMetricPlan } from "./metric-plan";

const destinations = [rabbitDestinationSchema.parse({ queue: "orders", consumers: [] })];

describe("rabbitMetricPlan", () => {
  it("reads counters over the rate range it is given, per second and per step", () => {
    const plan = rabbitMetricPlan(destinations, { stepSeconds: 10, rateRangeSeconds: 12 }, undefined);
    const acked = plan.queries.find((q) => q.signal === "acked")!;
    expect(acked.perSecond!()).toBe(
      'sum by (vhost, queue) (rate(rabbitmq_channel_messages_acked_total{queue=~"orders",vhost=~"/"}[12s]))',
    );
    expect(acked.expr([])).toBe(`${acked.perSecond!()} * 10`);
  });
});

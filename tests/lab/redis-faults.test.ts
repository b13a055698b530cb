// The Redis Streams lab faults (lab/redis/faults.ts), all at once, each on its own consumer group
// of the checkout-redis workflow: each must be named by its check, on its group, within 60 s of
// going on, and nothing else may be blamed (the notification and inventory groups, which have no
// fault, stay ok in every check). Prints how long it took; CI's budget for one broker's faults
// is 2.5 minutes.
import { afterAll, describe, expect, it } from "vitest";
import { expectEachNamedWithin, type LaneFault, switchOnAndWatch, wronglyBlamed } from "./broker-faults";
import { lab, labOk } from "./helpers";

const WORKFLOW = "checkout-redis";
const LANES = ["notification", "inventory", "invoicing", "shipping", "loyalty", "receipts", "analytics", "stock"];
const DETECT_WITHIN_MS = 60_000;

// Slowest to show first: each is switched on in turn and timed from its own switch.
const FAULTS: LaneFault[] = [
  // The consumer is gone: entries wait for a group whose only consumer is idle past consumerIdleAfter.
  {
    fault: "redis-consumer-crashloop",
    lane: "invoicing",
    key: "consumers-alive",
    alsoAllowed: ["orphan-publishes", "oldest-message-age", "log-findings"],
  },
  // Acked without the work: only the trace's missing work span shows it.
  { fault: "redis-silent-drop", lane: "stock", key: "silent-drops", alsoAllowed: [] },
  // Hung: it reads no more, so the group's first undelivered entry ages; after consumerIdleAfter
  // it no longer counts as alive either.
  {
    fault: "redis-stalled-consumer",
    lane: "shipping",
    key: "oldest-message-age",
    alsoAllowed: ["orphan-publishes", "consumers-alive"],
  },
  { fault: "redis-slow-consumer", lane: "loyalty", key: "oldest-message-age", alsoAllowed: ["orphan-publishes"] },
  // Left pending and retried past the delivery limit: dead letters by convention.
  { fault: "redis-poison-messages", lane: "receipts", key: "dead-letters", alsoAllowed: ["log-findings"] },
  { fault: "redis-undeclared-consumer", lane: "analytics", key: "unexpected-consumers", alsoAllowed: [] },
];
/** The service that reads several groups: its log findings belong to whichever of them has a fault. */
const SERVICES = { "redis-fulfilment-service": ["shipping", "loyalty", "receipts", "analytics", "stock"] };

describe("Redis Streams lab faults, all at once on their own groups", () => {
  afterAll(async () => {
    for (const f of FAULTS) await lab("fault", f.fault, "off");
  });

  it("each is named by its check on its group within 60 s, and nothing else is blamed", async () => {
    const t0 = Date.now();
    const run = await switchOnAndWatch("redis", WORKFLOW, FAULTS, DETECT_WITHIN_MS);
    expectEachNamedWithin(run, FAULTS, DETECT_WITHIN_MS);
    const { health } = run;
    expect(wronglyBlamed(health, FAULTS, LANES, SERVICES)).toEqual([]);
    // The groups without a fault are clean, and the trace checks miss none of their spans.
    const completeness = health.checks.find((c) => c.id === "trace-completeness")!;
    const missing = JSON.stringify(completeness.evidence.items.map((i) => i.values.mostMissing));
    expect(missing).not.toContain("redis-notification-service");
    expect(missing).not.toContain("redis-inventory-service");

    for (const f of FAULTS) await labOk("fault", f.fault, "off");
    console.log(
      `redis faults: ${FAULTS.length} detected and switched off in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  });
});

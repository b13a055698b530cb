// The NATS JetStream lab faults (lab/nats/faults.ts), all at once, each on its own lane of the
// checkout-nats workflow: each must be named by its check, on its lane, within 60 s of going on,
// and nothing else may be blamed (the ORDERS/notification lane, which has no fault, stays ok in
// every check). Prints how long it took; CI's budget for one broker's faults is 2.5 minutes.
import { afterAll, describe, expect, it } from "vitest";
import { expectEachNamedWithin, type LaneFault, switchOnAndWatch, wronglyBlamed } from "./broker-faults";
import { lab, labOk } from "./helpers";

const WORKFLOW = "checkout-nats";
const LANES = ["notification", "invoicing", "shipping", "loyalty", "receipts", "analytics", "stock"];
const DETECT_WITHIN_MS = 60_000;

// Slowest to show first: each is switched on in turn and timed from its own switch.
const FAULTS: LaneFault[] = [
  // The consumer is gone; what it left unread ages and is never consumed.
  {
    fault: "nats-consumer-crashloop",
    lane: "invoicing",
    key: "consumers-alive",
    // With JetStream history in Prometheus (the sampler), its lane's acks fall behind too.
    alsoAllowed: ["orphan-publishes", "oldest-message-age", "log-findings", "throughput-balance"],
  },
  // Acked without the work: only the trace's missing work span shows it.
  { fault: "nats-silent-drop", lane: "stock", key: "silent-drops", alsoAllowed: [] },
  // Held unacked, pull requests still waiting: alive, but the lane's oldest message ages.
  // Both also ack behind what is published, which throughput-balance says from the history.
  {
    fault: "nats-stalled-consumer",
    lane: "shipping",
    key: "oldest-message-age",
    alsoAllowed: ["orphan-publishes", "throughput-balance"],
  },
  {
    fault: "nats-slow-consumer",
    lane: "loyalty",
    key: "oldest-message-age",
    alsoAllowed: ["orphan-publishes", "throughput-balance"],
  },
  // Naked until max_deliver: max-deliveries advisories, and the consumer's error lines.
  { fault: "nats-poison-messages", lane: "receipts", key: "dead-letters", alsoAllowed: ["log-findings"] },
  { fault: "nats-undeclared-consumer", lane: "analytics", key: "unexpected-consumers", alsoAllowed: [] },
];
/** The service that reads several lanes: its log findings belong to whichever of them has a fault. */
const SERVICES = { "nats-fulfilment-service": ["shipping", "loyalty", "receipts", "analytics", "stock"] };

describe("NATS JetStream lab faults, all at once on their own lanes", () => {
  afterAll(async () => {
    for (const f of FAULTS) await lab("fault", f.fault, "off");
  });

  it("each is named by its check on its lane within 60 s, and nothing else is blamed", async () => {
    const t0 = Date.now();
    const run = await switchOnAndWatch("nats", WORKFLOW, FAULTS, DETECT_WITHIN_MS);
    expectEachNamedWithin(run, FAULTS, DETECT_WITHIN_MS);
    const { health } = run;
    expect(wronglyBlamed(health, FAULTS, LANES, SERVICES)).toEqual([]);
    // The lane without a fault is clean in every check, and the trace checks miss none of its spans.
    const completeness = health.checks.find((c) => c.id === "trace-completeness")!;
    expect(JSON.stringify(completeness.evidence.items.map((i) => i.values.mostMissing))).not.toContain(
      "nats-notification-service",
    );

    for (const f of FAULTS) await labOk("fault", f.fault, "off");
    console.log(
      `nats faults: ${FAULTS.length} detected and switched off in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  });
});

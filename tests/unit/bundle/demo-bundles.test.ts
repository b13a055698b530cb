// The demo's recordings (demo/bundles/, made with `npm run lab -- record <fault> <minutes>`
// from the live lab) replayed through the demo config: each still reads with this code base's
// bundle format and, analysed again today, shows the incident it was recorded for. A change to
// the analysis or the format that would break `npm run demo` fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { readBundleFile } from "@/lib/sources/recording/file";
import { evaluate } from "@/lib/evaluate";
import { deriveTimelineEvents } from "@/lib/incidents/timeline";
import { BROKERS } from "@/lib/sources/brokers";

const configFile = path.resolve(import.meta.dirname, "../../../demo/asyncscope.demo.yaml");
const config = loadConfigFile(configFile, {});

// What each recording must show: the checks that go bad under that fault (see
// lib/analysis/lab-faults.test.ts for the full expectation on shorter captures), the check
// whose transition the incident timeline detects, and what log-findings reads in the lab's
// VictoriaLogs (none: the logs show nothing wrong). (Who consumes a queue is judged at the end
// of the window only, so the stolen messages reach the timeline through orphan-publishes.)
interface Expected {
  bad: string[];
  timeline: string;
  fault: string;
  logs?: { service: string; kind: string; text: string };
  /** Checks the broker gives no data for, which may only be unknown for that reason. */
  unknown?: Record<string, string>;
}

const expected: Record<string, Expected> = {
  "checkout-crashloop": {
    bad: ["consumers-alive", "orphan-publishes"],
    timeline: "consumers-alive",
    fault: "consumer-crashloop",
    // Seed 001: its start-up error at each restart.
    logs: { service: "notification-service", kind: "burst", text: "SMTP_PASSWORD is not set" },
  },
  "checkout-silent-drop": {
    bad: ["silent-drops"],
    timeline: "silent-drops",
    fault: "silent-drop",
    // Seed 000: the drop leaves nothing, and that absence is the finding.
    logs: { service: "inventory-service", kind: "drop-silent", text: "a silent drop" },
  },
  "checkout-stolen-messages": {
    bad: ["unexpected-consumers", "orphan-publishes"],
    timeline: "orphan-publishes",
    fault: "stolen-messages",
  },
  "checkout-dlq-growth": {
    bad: ["dead-letters"],
    timeline: "dead-letters",
    fault: "poison-messages",
    logs: { service: "inventory-service", kind: "burst", text: "message dead-lettered" },
  },
  // Kafka has no redelivery counter (docs/kafka.md): that check can only be unknown, saying so.
  "checkout-kafka-stall": {
    bad: ["throughput-balance", "backlog", "orphan-publishes"],
    timeline: "backlog",
    fault: "kafka-stall",
    // The stuck consumer logs nothing more while its producer keeps logging.
    logs: { service: "kafka-stall-service", kind: "silence", text: "wrote no line since" },
    unknown: { redeliveries: "no redelivery counter" },
  },
  "checkout-kafka-undeclared-group": {
    bad: ["unexpected-consumers"],
    timeline: "unexpected-consumers",
    fault: "kafka-undeclared-group",
    unknown: { redeliveries: "no redelivery counter" },
  },
  "checkout-nats-poison": {
    bad: ["dead-letters", "redeliveries"],
    timeline: "dead-letters",
    fault: "nats-poison-messages",
    logs: { service: "nats-fulfilment-service", kind: "burst", text: "cannot parse the message" },
  },
  // Debian's redis_exporter 1.45 has no lag, ack, publish or redelivery series
  // (docs/redis-streams.md): those checks can only be unknown, saying so.
  "checkout-redis-stalled": {
    bad: ["consumers-alive", "oldest-message-age", "orphan-publishes"],
    timeline: "consumers-alive",
    fault: "redis-stalled-consumer",
    unknown: {
      "acks-progressing": "no ack counter",
      "throughput-balance": "no publish counter",
      backlog: "no waiting-messages series",
      redeliveries: "no redelivery counter",
    },
  },
};

describe("demo recordings", () => {
  it("the demo config replays exactly the recorded incidents", () => {
    expect(config.workflows.map((w) => w.id).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const workflow of config.workflows) {
    describe(workflow.id, () => {
      const want = expected[workflow.id]!;

      it("is a real capture of the lab under its fault, with every source answering", () => {
        const bundle = readBundleFile(workflow.replay!.bundle);
        expect(bundle.label).toContain(`${want.fault} recorded from the lab`);
        const sources = bundle.sources.map((s) => s.name);
        for (const needed of ["prometheus", "jaeger", "logs", BROKERS[workflow.broker].name])
          expect(sources).toContain(needed);
        expect(bundle.sources.filter((s) => s.status !== "ok")).toEqual([]);
        const minutes = (Date.parse(bundle.window.to) - Date.parse(bundle.window.from)) / 60_000;
        expect(minutes).toBeGreaterThanOrEqual(4);
        const traces = bundle.workflows[0]!.signals.traces;
        expect(traces.ok && traces.value.traces.length, "traces in the recording").toBeGreaterThan(0);
      });

      it(`analysed again, turns ${want.bad.join(" and ")} bad`, async () => {
        const { analysis: health } = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
        for (const id of want.bad) {
          const check = health.checks.find((c) => c.id === id)!;
          expect(["warning", "critical"], `${id}: ${check.status} ${check.summary}`).toContain(check.status);
        }
        expect(health.status).not.toBe("ok");
        const unknown = health.checks.filter((c) => c.status === "unknown");
        expect(
          unknown.map((c) => c.id),
          health.checks.map((c) => `${c.id}: ${c.reason ?? ""}`).join("\n"),
        ).toEqual(Object.keys(want.unknown ?? {}));
        for (const check of unknown) expect(check.reason).toContain(want.unknown![check.id]);
      });

      it(
        want.logs ? `reads in the logs: ${want.logs.service} (${want.logs.kind})` : "reads nothing wrong in the logs",
        async () => {
          const { analysis: health } = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
          const check = health.checks.find((c) => c.id === "log-findings")!;
          const steps = health.checklist.find((s) => s.id === "logs")!;
          if (!want.logs) {
            expect(check.status, check.summary).toBe("ok");
            return;
          }
          const item = check.evidence.items.find(
            (i) => i.subject === want.logs!.service && i.values.kind === want.logs!.kind,
          );
          expect(
            item,
            check.evidence.items.map((i) => `${i.subject} ${i.values.kind}: ${i.text}`).join("\n"),
          ).toBeDefined();
          expect(["warning", "critical"]).toContain(item!.status);
          expect(item!.text).toContain(want.logs.text);
          expect(steps.evidence).toContain(item!.text);
        },
      );

      it(
        want.fault === "poison-messages"
          ? "points upstream: both destinations dead-letter alike"
          : "gives no upstream hint: nothing dead-letters alike",
        async () => {
          const { analysis: health } = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
          const hint = health.checks
            .find((c) => c.id === "dead-letters")!
            .evidence.items.find((i) => i.values.kind === "upstream-cause");
          if (want.fault !== "poison-messages") return expect(hint).toBeUndefined();
          expect(hint?.text).toContain("the cause is probably upstream");
          expect(hint?.values.destinations).toBe("order_confirmed.notification, order_confirmed.inventory");
        },
      );

      it("gives the incident timeline a detection of its key check", async () => {
        const { analysis: health } = await evaluate(workflow, { fromMs: 0, toMs: 1 }, { config });
        const events = deriveTimelineEvents(workflow.id, health.transitions);
        expect(
          events.some((e) => e.checkId === want.timeline && e.kind === "detected"),
          JSON.stringify(events, null, 1),
        ).toBe(true);
      });
    });
  }
});

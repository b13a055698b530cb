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

const configFile = path.resolve(import.meta.dirname, "../../../demo/asyncscope.demo.yaml");
const config = loadConfigFile(configFile, {});

// What each recording must show: the checks that go bad under that fault (see
// lib/analysis/lab-faults.test.ts for the full expectation on shorter captures), the check
// whose transition the incident timeline detects, and what log-findings reads in the lab's
// VictoriaLogs (none: the logs show nothing wrong). (Who consumes a queue is judged at the end
// of the window only, so the stolen messages reach the timeline through orphan-publishes.)
const expected: Record<
  string,
  { bad: string[]; timeline: string; fault: string; logs?: { service: string; kind: string; text: string } }
> = {
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
        expect(bundle.sources.map((s) => `${s.name}=${s.status}`).sort()).toEqual([
          "jaeger=ok",
          "logs=ok",
          "prometheus=ok",
          "rabbitmq=ok",
        ]);
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
        expect(
          health.checks.filter((c) => c.status === "unknown").map((c) => c.id),
          health.checks.map((c) => `${c.id}: ${c.reason ?? ""}`).join("\n"),
        ).toEqual([]);
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

// Workflow analysis against the live lab (npm run test:lab): each fault turns its key checks
// bad, and they recover when the fault is switched off (the healthy period is
// 02-healthy-period.test.ts). Global setup has the lab up with load and no faults. The full
// expectation for every check under every fault is in lib/analysis/lab-faults.test.ts, on
// fixtures captured from this lab; here each fault waits only for its key checks, so the run
// stays short.
import { afterAll, describe, expect, it } from "vitest";
import type { WorkflowHealth } from "@/lib/analysis/types";
import { brief, evaluate, logFinding, statusOf } from "./analysis-helpers";
import { labOk, poisonOffAndDeadLettersEmptied, waitUntil } from "./helpers";

describe("analysis of the crash loop (seed 001)", () => {
  afterAll(async () => {
    await labOk("fault", "consumer-crashloop", "off");
  });

  it("fails consumers-alive and orphan-publishes, not unexpected-consumers", async () => {
    const from = Date.now();
    await labOk("fault", "consumer-crashloop", "on");
    // Its start-up error, each restart: a burst of the same line.
    const logged = logFinding(from, "notification-service", "burst");
    logged.catch(() => undefined); // awaited below; this only keeps Node from calling it unhandled meanwhile
    const health = await waitUntil(
      "consumers-alive and orphan-publishes to go critical",
      async () => {
        const h = await evaluate(from);
        return statusOf(h, "consumers-alive") === "critical" && statusOf(h, "orphan-publishes") === "critical"
          ? h
          : undefined;
      },
      120_000,
      5_000,
    );
    expect(health.status).toBe("critical");
    expect(statusOf(health, "unexpected-consumers")).toBe("ok");
    expect(health.checks.find((c) => c.id === "consumers-alive")!.summary).toContain(
      "No consumer on order_confirmed.notification",
    );
    const orphans = health.checks.find((c) => c.id === "orphan-publishes")!;
    expect(orphans.evidence.items.map((i) => i.subject)).toContain("order_confirmed.notification");
    expect(orphans.evidence.traceIds.length).toBeGreaterThan(0);
    // The checklist points at the example traces in Jaeger and their logs.
    const traces = health.checklist.find((s) => s.id === "traces")!;
    expect(traces.next.some((l) => l.url.includes("/trace/"))).toBe(true);
    expect(health.checklist.find((s) => s.id === "logs")!.next[0]!.url).toContain("trace_id");
    expect((await logged).text).toContain("SMTP_PASSWORD is not set");
  });

  it("recovers: consumers-alive is ok again once the consumer is back", async () => {
    await labOk("fault", "consumer-crashloop", "off");
    await waitUntil(
      "consumers-alive to be ok",
      async () => statusOf(await evaluate(Date.now() - 30_000), "consumers-alive") === "ok",
      90_000,
      5_000,
    );
  });
});

describe("analysis of stolen messages (seed 003)", () => {
  afterAll(async () => {
    await labOk("fault", "stolen-messages", "off");
  });

  it("names the undeclared consumer and finds orders missing their inventory work", async () => {
    const from = Date.now();
    await labOk("fault", "stolen-messages", "on");
    const health = await waitUntil(
      "unexpected-consumers to go critical",
      async () => {
        const h = await evaluate(from);
        return statusOf(h, "unexpected-consumers") === "critical" ? h : undefined;
      },
      60_000,
      5_000,
    );
    expect(health.checks.find((c) => c.id === "unexpected-consumers")!.summary).toContain("website-counter");
    expect(statusOf(health, "consumers-alive")).toBe("ok");
  });

  it("recovers when the thief leaves", async () => {
    await labOk("fault", "stolen-messages", "off");
    await waitUntil(
      "unexpected-consumers to be ok",
      async () => statusOf(await evaluate(Date.now() - 30_000), "unexpected-consumers") === "ok",
      60_000,
      3_000,
    );
  });
});

/** Dead letters left by earlier tests are reported too: poison messages must make them grow. */
const dlqGrowing = (h: WorkflowHealth) =>
  h.checks
    .find((c) => c.id === "dead-letters")!
    .evidence.items.some((i) => typeof i.values.growthInWindow === "number" && i.values.growthInWindow > 0);

/** The key checks of each remaining fault, and the check that shows recovery. */
interface FaultCase {
  fault: string;
  /** Fault options (`npm run lab -- fault <name> on …`). */
  options?: string[];
  key: Record<string, string[]>;
  calm: string[];
  /** The check that must be ok again after the fault; none when an earlier case showed it. */
  recovered?: string;
  /** What the logs must show within a minute: the service named and the kind of finding. */
  logs?: { service: string; kind: string; text: string };
  /**
   * One of these checks must go bad within `ms` of the fault going on, by the evaluation's own
   * transition instants (data time, so a slow test machine does not move it).
   */
  namedWithin?: { checks: string[]; ms: number };
}

const FAULT_CASES: FaultCase[] = [
  {
    fault: "silent-drop",
    key: { "silent-drops": ["critical"] },
    calm: ["consumers-alive", "unexpected-consumers", "orphan-publishes"],
    recovered: "silent-drops",
    // Seed 000: the drop leaves nothing, and that absence is the finding.
    logs: { service: "inventory-service", kind: "drop-silent", text: "wrote no line for" },
  },
  {
    fault: "silent-drop",
    options: ["--logged"],
    key: { "silent-drops": ["critical"] },
    calm: ["consumers-alive", "unexpected-consumers", "orphan-publishes"],
    // The fixed code: the same drop, with a warning line per event.
    logs: { service: "inventory-service", kind: "drop-logged", text: "event_validation_failed" },
  },
  {
    fault: "consumer-down",
    key: { "consumers-alive": ["critical"], "orphan-publishes": ["critical"] },
    calm: ["unexpected-consumers"],
    recovered: "consumers-alive",
    logs: { service: "inventory-service", kind: "silence", text: "wrote no line since" },
  },
  {
    fault: "poison-messages",
    key: { "dead-letters": ["warning"] },
    calm: ["consumers-alive", "unexpected-consumers", "silent-drops"],
    recovered: "throughput-balance",
    logs: { service: "inventory-service", kind: "burst", text: "message dead-lettered" },
  },
  {
    fault: "slow-consumer",
    key: { backlog: ["warning", "critical"] },
    calm: ["consumers-alive", "unexpected-consumers", "silent-drops", "log-findings"],
    recovered: "backlog",
    // Issue 11: a broker check names it within a minute, not only the trace checks (rates over
    // a range of at most two steps show the ack drop at once).
    namedWithin: { checks: ["backlog", "throughput-balance"], ms: 60_000 },
  },
  {
    fault: "clock-skew",
    key: { "clock-skew": ["warning"] },
    calm: ["unexpected-consumers", "silent-drops", "log-findings"],
    recovered: "clock-skew",
  },
];

describe.each(FAULT_CASES.map((c) => ({ ...c, label: [c.fault, ...(c.options ?? [])].join(" ") })))(
  "analysis of fault $label",
  ({ fault, options = [], key, calm, recovered, logs, namedWithin }) => {
    afterAll(async () => {
      if (fault === "poison-messages") await poisonOffAndDeadLettersEmptied();
      else await labOk("fault", fault, "off");
    });

    it(`turns ${Object.keys(key).join(", ")} bad and leaves ${calm.join(", ")} alone`, async () => {
      const from = Date.now();
      await labOk("fault", fault, "on", ...options);
      const logged = logs ? logFinding(from, logs.service, logs.kind) : undefined;
      logged?.catch(() => undefined); // awaited below; this only keeps Node from calling it unhandled meanwhile
      const health = await waitUntil(
        `${Object.keys(key).join(", ")} to go bad`,
        async () => {
          // Past the 30 s orphan grace, so the calm trace checks have traces to judge.
          if (Date.now() - from < 40_000) return undefined;
          const h = await evaluate(from);
          const growing = fault !== "poison-messages" || dlqGrowing(h);
          return growing && Object.entries(key).every(([id, want]) => want.includes(statusOf(h, id))) ? h : undefined;
        },
        150_000,
        5_000,
      );
      for (const id of calm) expect(statusOf(health, id), `${id}\n${brief(health)}`).toBe("ok");
      expect(health.status).not.toBe("ok");
      if (logs) expect((await logged)!.text).toContain(logs.text);
      if (namedWithin) {
        const named = health.transitions.filter(
          (t) => namedWithin.checks.includes(t.checkId) && (t.to === "warning" || t.to === "critical"),
        );
        expect(named.length, `no transition of ${namedWithin.checks.join(" or ")}\n${brief(health)}`).toBeGreaterThan(
          0,
        );
        const first = named.reduce((a, b) => (b.atMs < a.atMs ? b : a));
        console.log(
          `${fault}: ${first.checkId} went ${first.to} ${((first.atMs - from) / 1000).toFixed(0)} s after the fault went on`,
        );
        expect(first.atMs - from).toBeLessThanOrEqual(namedWithin.ms);
      }
    });

    if (recovered)
      it(`recovers: ${recovered} is ok again after the fault is off`, async () => {
        await labOk("fault", fault, "off");
        const off = Date.now();
        // Judged over a window after the fault, once it holds judged traces (past the 30 s grace).
        await waitUntil(
          `${recovered} to be ok`,
          async () =>
            Date.now() - off > 40_000 &&
            statusOf(await evaluate(Math.max(off, Date.now() - 90_000)), recovered) === "ok",
          180_000,
          5_000,
        );
      });
  },
);

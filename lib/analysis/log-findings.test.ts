import { describe, expect, it } from "vitest";
import type { LogLine, LogSample } from "@/lib/domain/log";
import { logFindings, workflowServices, type LogFindingsInput } from "./log-findings";
import { MIN, T0, checkoutTraces, healthyLogs, makeWorkflow, ok } from "./testing";
import { traceFacts } from "./trace-facts";
import type { Observed } from "./types";

const workflow = makeWorkflow();
const fromMs = T0;
const atMs = T0 + 15 * MIN;

function input(logs: Observed<LogSample> | undefined, facts: LogFindingsInput["facts"] = []): LogFindingsInput {
  return { workflow, logs, facts, fromMs, atMs };
}

/** The healthy sample with one service's steps rewritten. */
function withService(
  service: string,
  rewrite: (tsMs: number) => Partial<Record<"error" | "warn" | "info", number>> | undefined,
  lastLineMs: number | null,
): LogSample {
  const sample = healthyLogs(fromMs - 15 * MIN, atMs);
  const activity = sample.activity.services.find((s) => s.service === service)!;
  activity.buckets = activity.buckets.flatMap((b) => {
    const counts = rewrite(b.tsMs);
    return counts ? [{ tsMs: b.tsMs, counts }] : [];
  });
  activity.lastLineMs = lastLineMs;
  return sample;
}

const line = (traceId: string, service: string, timeMs: number, level: LogLine["level"], message: string): LogLine => ({
  timeMs,
  service,
  level,
  message,
  traceId,
});

describe("log-findings", () => {
  it("is ok when every workflow service logs at info", () => {
    const check = logFindings(input(ok(healthyLogs(fromMs - 15 * MIN, atMs))));
    expect(check.status).toBe("ok");
    expect(check.evidence.items.map((i) => [i.subject, i.status])).toEqual(
      workflowServices(workflow).map((s) => [s, "ok"]),
    );
  });

  it("names a burst of errors with its most frequent message", () => {
    const sample = withService(
      "notification-service",
      (ts) => (ts >= atMs - 3 * MIN ? { error: 2 } : { info: 75 }),
      atMs - 2_000,
    );
    sample.activity.messages = [
      {
        service: "notification-service",
        level: "error",
        message: "configuration error: SMTP_PASSWORD is not set, exiting",
        count: 24,
      },
    ];
    const check = logFindings(input(ok(sample)));
    expect(check.status).toBe("warning");
    const item = check.evidence.items.find((i) => i.subject === "notification-service" && i.status === "warning")!;
    expect(item.values).toMatchObject({ errors: 24, warnings: 0, kind: "burst" });
    expect(item.text).toContain('"configuration error: SMTP_PASSWORD is not set, exiting" (error) ×24');
  });

  it("a burst below thresholds.logBurstPerMinute is not a finding", () => {
    const lenient = makeWorkflow({ thresholds: { logBurstPerMinute: 10 } });
    const sample = withService("notification-service", () => ({ info: 75, warn: 1 }), atMs - 2_000);
    expect(logFindings({ ...input(ok(sample)), workflow: lenient }).status).toBe("ok");
    expect(logFindings(input(ok(sample))).status).toBe("warning");
  });

  it("names a service that went silent while the others kept logging, with the time of its last line", () => {
    const last = atMs - 5 * MIN + 4_000;
    const sample = withService("inventory-service", (ts) => (ts < last ? { info: 75 } : undefined), last);
    const check = logFindings(input(ok(sample)));
    expect(check.status).toBe("critical");
    expect(check.summary).toContain(`inventory-service wrote no line since ${new Date(last).toISOString()} (4m 56s)`);
    expect(check.summary).toContain("order-service, notification-service kept logging");
  });

  it("a service with no line in the whole lookback while the others log is a warning, not ok", () => {
    const sample = withService("notification-service", () => undefined, null);
    const check = logFindings(input(ok(sample)));
    expect(check.status).toBe("warning");
    const item = check.evidence.items.find((i) => i.subject === "notification-service")!;
    expect(item.values.kind).toBe("no-lines");
    expect(item.text).toContain("while order-service, inventory-service logged");
  });

  it("a silence read from a partial answer is not proven: unknown with the store's reason; a burst stands", () => {
    const last = atMs - 5 * MIN + 4_000;
    const sample = withService("inventory-service", (ts) => (ts < last ? { info: 75 } : undefined), last);
    sample.activity.partial = ["Elasticsearch answered the line counts query from 4 of 5 shards (1 failed)"];
    const check = logFindings(input(ok(sample)));
    const item = check.evidence.items.find((i) => i.subject === "inventory-service")!;
    expect(item).toMatchObject({ status: "unknown", values: { kind: "silence" } });
    expect(item.text).toContain("Not proven: the store's answer was partial (Elasticsearch answered");
    // Nothing else is wrong, but the rest of the data may hold it: not ok.
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain("the log store's answer was partial (Elasticsearch answered");

    const burst = withService(
      "notification-service",
      (ts) => (ts >= atMs - 3 * MIN ? { error: 2 } : { info: 75 }),
      atMs,
    );
    burst.activity.partial = ["Loki: query timed out"];
    expect(logFindings(input(ok(burst))).status).toBe("warning");
  });

  it("a whole workflow gone quiet is no traffic, not a silent service", () => {
    const sample = healthyLogs(fromMs - 15 * MIN, atMs);
    for (const s of sample.activity.services) {
      s.buckets = s.buckets.filter((b) => b.tsMs < atMs - 5 * MIN);
      s.lastLineMs = atMs - 5 * MIN - 1_000;
    }
    expect(logFindings(input(ok(sample))).status).toBe("ok");
  });

  describe("for the traces a consumer acked without its downstream work", () => {
    const traces = [
      ...Array.from({ length: 6 }, (_, i) => checkoutTraces({ startMs: fromMs + i * MIN, stockUpdate: false })),
      ...Array.from({ length: 4 }, (_, i) => checkoutTraces({ startMs: fromMs + (i + 6) * MIN })),
    ].flat();
    const facts = traceFacts(traces, { workflow, atMs });
    const dropped = facts.filter((f) => f.drops.length).map((f) => f.traceId);
    const complete = facts.filter((f) => !f.drops.length).map((f) => f.traceId);
    const started = new Map(facts.map((f) => [f.traceId, f.startMs]));
    const infoLines = complete.map((id) =>
      line(id, "inventory-service", started.get(id)! + 30, "info", "stock updated"),
    );
    const sample = (lines: LogLine[]) => ok(healthyLogs(fromMs - 15 * MIN, atMs, lines, [...dropped, ...complete]));

    it("names the silence that gives a silent drop away, and counts the traces", () => {
      const check = logFindings(input(sample(infoLines), facts));
      const item = check.evidence.items.find((i) => i.values.kind === "drop-silent")!;
      expect(item.subject).toBe("inventory-service");
      expect(item.values).toMatchObject({ drops: 6, silent: 6, completeLogged: 4, complete: 4 });
      expect(item.text).toContain("wrote no line for 6 of 6 traces it acked without inventory-service/stock.update");
      expect(check.status).toBe("warning");
      expect(check.evidence.traceIds).toEqual(dropped.slice(0, 5));
    });

    it("shows the warning the fixed code writes, with its count in the lookback", () => {
      const warned = dropped.map((id) =>
        line(id, "inventory-service", started.get(id)! + 30, "warn", "event_validation_failed"),
      );
      const logs = sample([...infoLines, ...warned]);
      if (logs.ok)
        logs.value.activity.messages = [
          { service: "inventory-service", level: "warn", message: "event_validation_failed", count: 222 },
        ];
      const item = logFindings(input(logs, facts)).evidence.items.find((i) => i.values.kind === "drop-logged")!;
      expect(item.text).toContain('inventory-service logged "event_validation_failed" for 6 of 6 traces');
      expect(item.values).toMatchObject({ logged: 6, linesInLookback: 222 });
    });

    it("cannot call it silence when the lines read were cut at the limit", () => {
      const logs = sample(infoLines);
      if (logs.ok) logs.value.traces.truncated = true;
      const items = logFindings(input(logs, facts)).evidence.items;
      expect(items.some((i) => i.values.kind === "drop-silent")).toBe(false);
      expect(items.find((i) => i.values.kind === "drop-unprovable")!.text).toContain("lineLimit");
    });

    it("cannot call it silence when the store answered the trace lines partially", () => {
      const logs = sample(infoLines);
      if (logs.ok) logs.value.traces.partial = ["Elasticsearch timed out on the trace lines query"];
      const items = logFindings(input(logs, facts)).evidence.items;
      expect(items.some((i) => i.values.kind === "drop-silent")).toBe(false);
      const item = items.find((i) => i.values.kind === "drop-unprovable")!;
      expect(item.status).toBe("unknown");
      expect(item.text).toContain("partial (Elasticsearch timed out on the trace lines query)");
    });

    it("cannot call it silence when the service writes no trace id at all", () => {
      const item = logFindings(input(sample([]), facts)).evidence.items.find(
        (i) => i.values.kind === "drop-unprovable",
      )!;
      expect(item.status).toBe("unknown");
      expect(item.text).toContain("may not carry the trace id");
    });

    it("judges only the traces whose lines were asked for", () => {
      const logs = ok(healthyLogs(fromMs - 15 * MIN, atMs, infoLines, complete));
      expect(
        logFindings(input(logs, facts)).evidence.items.some((i) => i.values.kind?.toString().startsWith("drop")),
      ).toBe(false);
    });
  });

  it("is unknown without a log store, and does not hold the verdict back", () => {
    const check = logFindings(
      input({ ok: false, source: "logs", unconfigured: true, reason: "the log store is not configured" }),
    );
    expect(check).toMatchObject({ status: "unknown", matters: false, reason: "the log store is not configured" });
  });

  it("is unknown with the store's failure, and matters", () => {
    const check = logFindings(input({ ok: false, source: "logs", reason: "VictoriaLogs refused the connection" }));
    expect(check).toMatchObject({ status: "unknown", matters: true, reason: "VictoriaLogs refused the connection" });
  });

  it("says a recording made before logs were read holds none", () => {
    expect(logFindings(input(undefined))).toMatchObject({ status: "unknown", matters: false });
    expect(logFindings(input(undefined)).reason).toMatch(/^not recorded/);
  });

  it("is unknown, naming the field names, when no workflow service wrote a line", () => {
    const sample = healthyLogs(fromMs - 15 * MIN, atMs);
    sample.activity.services = [];
    const check = logFindings(input(ok(sample)));
    expect(check.status).toBe("unknown");
    expect(check.reason).toContain("sources.logs.fields");
  });
});

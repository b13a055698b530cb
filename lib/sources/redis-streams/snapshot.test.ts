// Contract and mapping tests on replies recorded from a live Redis 7.0 (tests/fixtures/redis-streams/,
// recorded by its record.ts): the wire schemas accept them, and the readings map into the
// neutral snapshot the way the live adapter reads them.
import { describe, expect, it } from "vitest";
import recorded from "@/tests/fixtures/redis-streams/replies.json";
import { redisDestinationSchema, type RedisDestinationConfig } from "./config";
import { afterId, entryIdMs, firstEntryId, toConsumerReading, toGroupReading, toPendingEntry } from "./map";
import { consumersWireSchema, groupsWireSchema, pendingWireSchema, rangeWireSchema } from "./schemas";
import { toBrokerSnapshot, type GroupState } from "./snapshot";

const r = recorded.replies;
const at = recorded.recordedAtMs;
const opts = { consumerIdleAfterMs: 1_000, stuckAfterMs: 1_000 };

function destination(input: Record<string, unknown>): RedisDestinationConfig {
  return redisDestinationSchema.parse(input) as RedisDestinationConfig;
}

/** The readings state.ts would gather for one group, from the recorded replies. */
function ordersGroup(group: string, key: string): GroupState {
  const wire = groupsWireSchema.parse(r["XINFO GROUPS fixture.orders"]).find((g) => g.name === group)!;
  const reading = toGroupReading("fixture.orders", wire);
  return {
    key,
    streamExists: true,
    group: reading,
    consumers:
      group === "workers"
        ? consumersWireSchema.parse(r["XINFO CONSUMERS fixture.orders workers"]).map(toConsumerReading)
        : [],
    firstUndeliveredId:
      group === "workers"
        ? (firstEntryId(rangeWireSchema.parse(r["XRANGE fixture.orders (<workers last-delivered-id> + COUNT 1"])) ??
          null)
        : (firstEntryId(rangeWireSchema.parse(r["XRANGE fixture.orders - + COUNT 1"])) ?? null),
    ...(reading.pending > 0
      ? {
          stuck: {
            entries: pendingWireSchema
              .parse(r["XPENDING fixture.orders workers IDLE 1000 - + 100"])
              .map(toPendingEntry),
            capped: false,
          },
        }
      : {}),
  };
}

describe("Redis replies (recorded from Redis 7.0)", () => {
  it("parse with the wire schemas, nil lag and nil entries-read as null", () => {
    const groups = groupsWireSchema.parse(r["XINFO GROUPS fixture.orders"]);
    expect(groups.map((g) => [g.name, g.lag, g.pending, g["entries-read"]])).toEqual([
      ["audit", 6, 0, null],
      ["workers", 2, 3, 4],
    ]);
    expect(groupsWireSchema.parse(r["XINFO GROUPS fixture.trimmed"])[0]!.lag).toBeNull();
    // Redis 7.0 has no `inactive` (7.2 adds it).
    expect(consumersWireSchema.parse(r["XINFO CONSUMERS fixture.orders workers"])[0]!.inactive).toBeUndefined();
    const stuck = pendingWireSchema.parse(r["XPENDING fixture.orders workers IDLE 1000 - + 100"]).map(toPendingEntry);
    expect(stuck.map((e) => e.deliveries)).toEqual([4, 1]);
    expect(stuck.every((e) => e.idleMs >= 1000)).toBe(true);
  });

  it("names the first undelivered entry after the group's position", () => {
    const workers = toGroupReading("fixture.orders", groupsWireSchema.parse(r["XINFO GROUPS fixture.orders"])[1]!);
    expect(afterId(workers.lastDeliveredId)).toBe(`(${recorded.ids.orders[3]}`);
    expect(afterId("0-0")).toBe("-");
    const first = firstEntryId(
      rangeWireSchema.parse(r["XRANGE fixture.orders (<workers last-delivered-id> + COUNT 1"]),
    );
    expect(first).toBe(recorded.ids.orders[4]);
    expect(entryIdMs(first!)).toBe(Number(first!.split("-")[0]));
  });
});

describe("toBrokerSnapshot", () => {
  const workers = destination({
    stream: "fixture.orders",
    group: "workers",
    consumers: ["worker-1"],
    deadLetter: { stream: "fixture.orders.dlq", maxDeliveries: 3 },
  });
  const audit = destination({ stream: "fixture.orders", group: "audit", consumers: ["audit-*"] });
  const trimmedWire = groupsWireSchema.parse(r["XINFO GROUPS fixture.trimmed"])[0]!;
  const trimmed = destination({ stream: "fixture.trimmed", group: "workers", consumers: [] });
  const missing = destination({ stream: "fixture.missing", group: "workers", consumers: [] });
  const snapshot = toBrokerSnapshot(
    [workers, audit, trimmed, missing],
    {
      groups: [
        ordersGroup("workers", workers.ref.key),
        ordersGroup("audit", audit.ref.key),
        {
          key: trimmed.ref.key,
          streamExists: true,
          group: toGroupReading("fixture.trimmed", trimmedWire),
          consumers: [],
          firstUndeliveredId: firstEntryId(
            rangeWireSchema.parse(r["XRANGE fixture.trimmed (<workers last-delivered-id> + COUNT 1"]),
          )!,
        },
        { key: missing.ref.key, streamExists: false },
      ],
      deadLetterStreams: [
        {
          stream: "fixture.orders.dlq",
          exists: true,
          length: r["XLEN fixture.orders.dlq"],
          firstId: firstEntryId(rangeWireSchema.parse(r["XRANGE fixture.orders.dlq - + COUNT 1"]))!,
        },
      ],
      atMs: at,
    },
    opts,
  );
  const state = (key: string) => snapshot.destinations.find((d) => d.ref.key === key)!;

  it("reads waiting as the group's lag and in-flight as its pending entries", () => {
    expect(workers.ref.key).toBe("fixture.orders@workers");
    expect(state(workers.ref.key).waiting).toEqual({ value: 2, atMs: at, from: "Redis (XINFO)" });
    expect(state(workers.ref.key).inFlight?.value).toBe(3);
    expect(state(audit.ref.key).waiting?.value).toBe(6);
  });

  it("leaves waiting unknown, with the reason, when Redis reports lag as nil", () => {
    const t = state(trimmed.ref.key);
    expect(t.exists).toBe(true);
    expect(t.waiting).toBeUndefined();
    expect(t.warnings.join(" ")).toMatch(/lag as nil/);
    // The oldest waiting entry is still measured: the first entry after the group's position.
    expect(t.oldestWaiting?.value.publishedAtMs).toBe(entryIdMs(recorded.ids.trimmed[2]!));
  });

  it("measures the oldest waiting entry from the first undelivered entry id", () => {
    expect(state(workers.ref.key).oldestWaiting?.value).toEqual({
      publishedAtMs: entryIdMs(recorded.ids.orders[4]!),
      estimated: false,
      method: `from the id of the group's first undelivered entry (${recorded.ids.orders[4]})`,
    });
  });

  it("counts a consumer alive only while it reads, and names every registered one", () => {
    const w = state(workers.ref.key);
    expect(w.consumers?.value.map((c) => [c.label, c.active, c.attributes])).toEqual([
      ["worker-1", true, { consumer: "worker-1", group: "workers" }],
      ["worker-2", false, { consumer: "worker-2", group: "workers" }],
    ]);
    expect(w.consumerCount?.value).toBe(1);
    expect(w.warnings.join(" ")).toMatch(/worker-2 \(idle 2 s\)/);
  });

  it("counts an idle consumer alive while nothing waits: Redis 7.0's idle only resets on a delivery", () => {
    const quiet = { ...ordersGroup("workers", workers.ref.key) };
    quiet.group = { ...quiet.group!, lag: 0 };
    const s = toBrokerSnapshot([workers], { groups: [quiet], deadLetterStreams: [], atMs: at }, opts).destinations[0]!;
    expect(s.consumerCount?.value).toBe(2);
    expect(s.warnings.join(" ")).not.toMatch(/taken no entry/);
  });

  it("counts an idle consumer alive when lag is nil but no entry follows the group's position", () => {
    const idle = { ...ordersGroup("workers", workers.ref.key), firstUndeliveredId: null };
    idle.group = { ...idle.group!, lag: null };
    const s = toBrokerSnapshot([workers], { groups: [idle], deadLetterStreams: [], atMs: at }, opts).destinations[0]!;
    expect(s.consumerCount?.value).toBe(2);
    expect(s.warnings.join(" ")).not.toMatch(/taken no entry/);
  });

  it("reports stuck entries and dead letters past maxDeliveries, and the dead-letter stream", () => {
    expect(state(workers.ref.key).warnings.join(" ")).toMatch(/2 pending entries .*\(4 deliveries, held by worker-1\)/);
    const route = snapshot.deadLetterRoutes.find((d) => d.sourceKey === workers.ref.key)!;
    expect(route.targets.map((t) => t.key)).toEqual(["fixture.orders.dlq", "fixture.orders@workers#deliveries>3"]);
    const dlq = snapshot.deadLetterStates.find((d) => d.ref.key === "fixture.orders.dlq")!;
    expect(dlq.waiting?.value).toBe(1);
    const over = snapshot.deadLetterStates.find((d) => d.ref.key === "fixture.orders@workers#deliveries>3")!;
    expect(over.waiting?.value).toBe(1);
    expect(over.oldestWaiting?.value.publishedAtMs).toBe(entryIdMs(recorded.ids.orders[1]!));
  });

  it("says which groups have no dead-letter route and which streams are missing", () => {
    expect(snapshot.noDeadLetterRoute).toEqual([audit.ref.key, trimmed.ref.key]);
    expect(state(missing.ref.key)).toEqual({ ref: missing.ref, exists: false, warnings: [] });
  });
});
